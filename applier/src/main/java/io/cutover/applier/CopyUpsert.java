package io.cutover.applier;

import io.cutover.core.control.Identifiers;
import io.cutover.core.event.Op;
import io.cutover.core.schema.PgType;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Upserts many rows of one table through COPY: into a per-session staging table, then one
 * {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE} merge. A group made only of snapshot reads
 * and inserts (initial sync) is first tried as a COPY straight into the table under a savepoint:
 * if a key already exists, Postgres rejects that COPY whole, the savepoint undoes it, and the merge
 * runs instead; the table then stays on the merge path, since its keys evidently overlap. The
 * choice was measured in {@code bin/bench applier} (BENCHMARKS.md).
 */
final class CopyUpsert {
    private static final String UNIQUE_VIOLATION = "23505";
    private final Set<String> overlapping = ConcurrentHashMap.newKeySet();
    private final Map<String, String> stageNames = new ConcurrentHashMap<>();

    void write(Connection c, TargetTable t, List<String> cols, List<ChangeRecord> rows) throws SQLException {
        byte[] data = encode(t, cols, rows);
        String columnList = Ddl.quoted(cols);
        if (onlyNewKeys(rows) && !overlapping.contains(t.qualifiedName())) {
            Savepoint sp = c.setSavepoint();
            try {
                copy(c, "COPY " + t.qualifiedName() + " (" + columnList + ") FROM STDIN", data);
                c.releaseSavepoint(sp);
                return;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(sp);
                overlapping.add(t.qualifiedName());
            }
        }
        String stage = Identifiers.quote(stageName(t));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + t.qualifiedName()
                    + ") ON COMMIT DELETE ROWS");
            copy(c, "COPY " + stage + " (" + columnList + ") FROM STDIN", data);
            List<String> nonKey = cols.stream().filter(x -> !t.keyColumns().contains(x)).toList();
            String action = nonKey.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + nonKey.stream()
                    .map(x -> Identifiers.quote(x) + " = EXCLUDED." + Identifiers.quote(x))
                    .collect(Collectors.joining(", "));
            st.executeUpdate("INSERT INTO " + t.qualifiedName() + " (" + columnList + ") SELECT " + columnList
                    + " FROM " + stage + " ON CONFLICT (" + Ddl.quoted(t.keyColumns()) + ") " + action);
            // Emptied now, not only at commit: a second group of the same table may follow in this batch.
            st.execute("TRUNCATE " + stage);
        }
    }

    private static byte[] encode(TargetTable t, List<String> cols, List<ChangeRecord> rows) {
        String[] names = cols.toArray(String[]::new);
        PgType[] types = new PgType[names.length];
        for (int i = 0; i < names.length; i++) {
            types[i] = t.columnTypes().get(names[i]);
        }
        CopyRowEncoder enc = new CopyRowEncoder();
        Object[] values = new Object[names.length];
        for (ChangeRecord r : rows) {
            Map<String, Object> after = r.event().after();
            for (int i = 0; i < names.length; i++) {
                values[i] = after.get(names[i]);
            }
            enc.row(names, values, types);
        }
        return enc.bytes();
    }

    private static boolean onlyNewKeys(List<ChangeRecord> rows) {
        for (ChangeRecord r : rows) {
            Op op = r.event().op();
            if (op != Op.READ && op != Op.CREATE) {
                return false;
            }
        }
        return true;
    }

    /** Temp tables live per session; a new name whenever the table's columns or types change. */
    private String stageName(TargetTable t) {
        String shape = t.qualifiedName() + "\u0000" + t.columnTypes();
        return stageNames.computeIfAbsent(shape, k -> "_cutover_stage_" + stageNames.size());
    }

    private static void copy(Connection c, String sql, byte[] data) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        }
    }
}
