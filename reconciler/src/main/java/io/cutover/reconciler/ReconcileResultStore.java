package io.cutover.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.control.ControlSchema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps reconcile results in the control schema: one row per pass in {@code reconcile_runs}, and
 * the confirmed mismatches as of the latest pass in {@code reconcile_mismatches} (replaced by each
 * pass, in one transaction), so that {@code status} and operators can read them with SQL.
 */
public final class ReconcileResultStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ControlSchema control;

    public ReconcileResultStore(ControlSchema control) {
        this.control = control;
    }

    /** Records a finished pass and replaces the confirmed mismatches; returns the run's id. */
    public long recordRun(Connection c, String kind, long startedMillis, long compared, Collection<Difference> confirmed,
                          int suspects) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + control.qualified("reconcile_runs")
                    + " (kind, started_at, rows_compared, confirmed, suspects, clean) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, kind);
                ps.setTimestamp(2, new Timestamp(startedMillis));
                ps.setLong(3, compared);
                ps.setInt(4, confirmed.size());
                ps.setInt(5, suspects);
                ps.setBoolean(6, confirmed.isEmpty() && suspects == 0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + control.qualified("reconcile_mismatches"))) {
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + control.qualified("reconcile_mismatches")
                    + " (run_id, source, source_table, key_json, kind, columns) VALUES (?, ?, ?, ?::jsonb, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                for (Difference d : confirmed) {
                    ps.setLong(1, id);
                    ps.setString(2, d.table().source());
                    ps.setString(3, d.table().table());
                    ps.setString(4, keyJson(d));
                    ps.setString(5, d.kind().label());
                    Array cols = c.createArrayOf("text", d.columns().toArray());
                    ps.setArray(6, cols);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The key as a JSON object: numbers and text as themselves, bytes as {@code \x..} hex, timestamps ISO. */
    public static String keyJson(Difference d) {
        Map<String, Object> m = new LinkedHashMap<>();
        d.keyMap().forEach((k, v) -> m.put(k, display(v)));
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A canonical value as JSON can show it. */
    public static Object display(Object v) {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean
                || v instanceof java.math.BigDecimal) {
            return v instanceof Double d && !Double.isFinite(d) ? d.toString() : v;
        }
        if (v instanceof Canonical.Json j) {
            return j.node();
        }
        return v.toString();
    }
}
