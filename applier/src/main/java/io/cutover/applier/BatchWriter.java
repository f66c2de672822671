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
 * Writes the last change per key of one table: deletes as one JDBC batch, upserts grouped by column
 * list (a schema change inside a batch gives two lists). A large group goes through COPY
 * ({@link CopyUpsert}); a small one, and one holding a value COPY's text form cannot carry, as a
 * multi-row {@code INSERT ... ON CONFLICT (key) DO UPDATE} chunked below Postgres's parameter limit,
 * whose fixed cost per statement is lower. The threshold was measured in {@code bin/bench applier}.
 */
final class BatchWriter {
    static final int COPY_MIN_ROWS = 500;
    private static final int MAX_PARAMS = 30_000;
    private final CopyUpsert copy = new CopyUpsert();
    private final ApplierMetrics metrics;
    private long copied;
    private long inserted;

    BatchWriter(ApplierMetrics metrics) {
        this.metrics = metrics;
    }

    /** The transaction committed: what it wrote counts. */
    void committed() {
        metrics.written("copy", copied);
        metrics.written("insert", inserted);
        rolledBack();
    }

    /** The transaction rolled back: what it wrote never happened. */
    void rolledBack() {
        copied = 0;
        inserted = 0;
    }

    void write(Connection c, TargetTable t, Collection<ChangeRecord> lastPerKey) throws SQLException {
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
            if (e.getValue().size() >= COPY_MIN_ROWS) {
                try {
                    copy.write(c, t, e.getKey(), e.getValue());
                    copied += e.getValue().size();
                    continue;
                } catch (CopyRowEncoder.NotEncodable ignored) {
                    // encoding happens before anything is sent, so nothing was written: INSERT instead
                }
            }
            int perChunk = Math.max(1, MAX_PARAMS / e.getKey().size());
            List<ChangeRecord> rows = e.getValue();
            for (int from = 0; from < rows.size(); from += perChunk) {
                upsert(c, t, e.getKey(), rows.subList(from, Math.min(rows.size(), from + perChunk)));
            }
            inserted += rows.size();
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
