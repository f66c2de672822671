package io.cutover.applier;

import io.cutover.core.control.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the last change per key of one table: deletes as one JDBC batch, upserts as multi-row
 * {@code INSERT ... ON CONFLICT (key) DO UPDATE}, grouped by column list (a schema change inside a
 * batch gives two lists) and chunked below Postgres's parameter limit.
 */
final class BatchWriter {
    private static final int MAX_PARAMS = 30_000;

    private BatchWriter() {
    }

    static void write(Connection c, TargetTable t, Collection<ChangeRecord> lastPerKey) throws SQLException {
        List<ChangeRecord> deletes = new ArrayList<>();
        Map<List<String>, List<ChangeRecord>> upserts = new LinkedHashMap<>();
        for (ChangeRecord r : lastPerKey) {
            if (r.removesKey()) {
                deletes.add(r);
            } else {
                upserts.computeIfAbsent(List.copyOf(r.event().after().keySet()), k -> new ArrayList<>()).add(r);
            }
        }
        delete(c, t, deletes);
        for (var e : upserts.entrySet()) {
            int perChunk = Math.max(1, MAX_PARAMS / e.getKey().size());
            List<ChangeRecord> rows = e.getValue();
            for (int from = 0; from < rows.size(); from += perChunk) {
                upsert(c, t, e.getKey(), rows.subList(from, Math.min(rows.size(), from + perChunk)));
            }
        }
    }

    private static void delete(Connection c, TargetTable t, List<ChangeRecord> deletes) throws SQLException {
        if (deletes.isEmpty()) {
            return;
        }
        String where = t.keyColumns().stream().map(k -> Identifiers.quote(k) + " = ?").collect(Collectors.joining(" AND "));
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.qualifiedName() + " WHERE " + where)) {
            for (ChangeRecord r : deletes) {
                int i = 1;
                for (String k : t.keyColumns()) {
                    ValueBinder.bind(ps, i++, k, r.key().get(k), t.columnTypes().get(k));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void upsert(Connection c, TargetTable t, List<String> cols, List<ChangeRecord> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertSql(t, cols, rows.size()))) {
            int i = 1;
            for (ChangeRecord r : rows) {
                Map<String, Object> after = r.event().after();
                for (String col : cols) {
                    ValueBinder.bind(ps, i++, col, after.get(col), t.columnTypes().get(col));
                }
            }
            ps.executeUpdate();
        }
    }

    static String upsertSql(TargetTable t, List<String> cols, int rows) {
        String row = "(" + cols.stream().map(x -> "?").collect(Collectors.joining(", ")) + ")";
        String values = String.join(", ", java.util.Collections.nCopies(rows, row));
        List<String> nonKey = cols.stream().filter(x -> !t.keyColumns().contains(x)).toList();
        String action = nonKey.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + nonKey.stream()
                .map(x -> Identifiers.quote(x) + " = EXCLUDED." + Identifiers.quote(x)).collect(Collectors.joining(", "));
        return "INSERT INTO " + t.qualifiedName() + " (" + Ddl.quoted(cols) + ") VALUES " + values
                + " ON CONFLICT (" + Ddl.quoted(t.keyColumns()) + ") " + action;
    }
}
