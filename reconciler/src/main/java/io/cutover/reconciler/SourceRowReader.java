package io.cutover.reconciler;

import io.cutover.capture.sqlite.KeyCodec;
import io.cutover.capture.sqlite.Sql;
import io.cutover.capture.sqlite.ValueReader;
import io.cutover.core.schema.TableSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the SQLite side with capture's own value reader ({@link ValueReader}: storage class decides,
 * TEXT as raw bytes so invalid UTF-8 survives) and converts every value as the applier would, so that
 * equal data compares equal. Full reads page through the table in key order, each page one statement
 * and so one short read transaction, as capture's snapshot does: a long read would hold back the WAL.
 */
public final class SourceRowReader {
    private final Connection conn;
    private final int pageSize;

    public SourceRowReader(Connection conn, int pageSize) {
        this.conn = conn;
        this.pageSize = pageSize;
    }

    /** Every row in key order (text keys in BINARY collation, whatever the column declares). */
    public RowCursor scan(MappedTable t) {
        return new RowCursor() {
            private final Deque<Row> page = new ArrayDeque<>();
            private List<Object> after;
            private boolean done;

            @Override
            public Row next() throws SQLException {
                if (page.isEmpty() && !done) {
                    List<Row> rows = page(t, after);
                    done = rows.size() < pageSize;
                    page.addAll(rows);
                    if (!rows.isEmpty()) {
                        after = rows.get(rows.size() - 1).sourceKey();
                    }
                }
                return page.poll();
            }

            @Override
            public void close() {
            }
        };
    }

    /** The current row with source key values {@code sourceKey}, if it exists. */
    public Optional<Row> find(MappedTable t, List<Object> sourceKey) throws SQLException {
        StringBuilder sql = select(t).append(" WHERE ");
        List<String> order = orderColumns(t);
        for (int i = 0; i < order.size(); i++) {
            sql.append(i > 0 ? " AND " : "").append(order.get(i)).append(" IS ").append(KeyCodec.placeholder(sourceKey.get(i)));
        }
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < sourceKey.size(); i++) {
                KeyCodec.bind(ps, i + 1, sourceKey.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(t, rs)) : Optional.empty();
            }
        }
    }

    private List<Row> page(MappedTable t, List<Object> after) throws SQLException {
        List<String> order = orderColumns(t).stream().map(c -> c + " COLLATE BINARY").toList();
        StringBuilder sql = select(t);
        if (after != null) {
            sql.append(" WHERE (").append(String.join(", ", order)).append(") > (");
            for (int i = 0; i < after.size(); i++) {
                sql.append(i > 0 ? ", " : "").append(KeyCodec.placeholder(after.get(i)));
            }
            sql.append(")");
        }
        sql.append(" ORDER BY ").append(String.join(", ", order)).append(" LIMIT ").append(pageSize);
        List<Row> rows = new ArrayList<>(pageSize);
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; after != null && i < after.size(); i++) {
                KeyCodec.bind(ps, i + 1, after.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(t, rs));
                }
            }
        }
        return rows;
    }

    /** Rowid tables are keyed by {@code _rowid_}; other tables by their primary key columns. */
    private static List<String> orderColumns(MappedTable t) {
        return t.schema().usesRowid() ? List.of("_rowid_") : t.keyColumns().stream().map(Sql::id).toList();
    }

    private static List<String> sourceColumns(MappedTable t) {
        return t.columns().stream().filter(c -> !(t.schema().usesRowid() && c.equals(TableSchema.ROWID))).toList();
    }

    private static StringBuilder select(MappedTable t) {
        return new StringBuilder(t.schema().withoutRowid() ? "SELECT NULL, " : "SELECT _rowid_, ").append(ValueReader.selectList(sourceColumns(t)))
                .append(" FROM ").append(Sql.id(t.table()));
    }

    private static Row row(MappedTable t, ResultSet rs) throws SQLException {
        Map<String, Object> image = ValueReader.readRow(rs, 2, sourceColumns(t));
        if (t.schema().usesRowid()) {
            image.put(TableSchema.ROWID, rs.getLong(1));
        }
        List<String> cols = t.columns();
        List<Object> values = new ArrayList<>(cols.size());
        for (String c : cols) {
            values.add(Canonical.ofSource(image.get(c), t.type(c)));
        }
        List<Object> key = new ArrayList<>(t.keyColumns().size());
        List<Object> sourceKey = new ArrayList<>(t.keyColumns().size());
        for (String k : t.keyColumns()) {
            key.add(values.get(cols.indexOf(k)));
            sourceKey.add(image.get(k));
        }
        return new Row(key, values, sourceKey);
    }
}
