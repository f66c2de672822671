package io.cutover.control;

import io.cutover.core.control.ControlSchema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the reconciler has recorded in the control schema ({@code reconcile_runs},
 * {@code reconcile_mismatches}): the last clean full pass, and the confirmed mismatches per table.
 * Empty when the reconciler never ran.
 */
public record ReconcileFacts(Instant lastCleanFullPass, Instant lastCleanFullPassStarted,
                             Map<String, Mismatches> mismatchesByTable) {
    /** A table's confirmed mismatches and when they were confirmed. */
    public record Mismatches(long count, Instant confirmedAt) {
    }

    public static ReconcileFacts read(Connection c, ControlSchema control) throws SQLException {
        if (!exists(c, control, "reconcile_runs")) {
            return new ReconcileFacts(null, null, Map.of());
        }
        Instant clean = null;
        Instant started = null;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT finished_at, started_at FROM "
                + control.qualified("reconcile_runs") + " WHERE clean AND kind IN ('full', 'verify') "
                + "ORDER BY finished_at DESC LIMIT 1")) {
            if (rs.next()) {
                clean = rs.getTimestamp(1).toInstant();
                started = rs.getTimestamp(2).toInstant();
            }
        }
        Map<String, Mismatches> byTable = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT m.source || '.' || m.source_table, "
                + "count(*), max(r.finished_at) FROM " + control.qualified("reconcile_mismatches") + " m JOIN "
                + control.qualified("reconcile_runs") + " r ON r.id = m.run_id GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                byTable.put(rs.getString(1), new Mismatches(rs.getLong(2), rs.getTimestamp(3).toInstant()));
            }
        }
        return new ReconcileFacts(clean, started, byTable);
    }

    private static boolean exists(Connection c, ControlSchema control, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT to_regclass('"
                + control.qualified(table).replace("'", "''") + "') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
