package io.cutover.capture.sqlite;

import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.TableSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads rows of one table: key-ordered chunks for the snapshot (keyset pagination, each chunk one
 * statement and so one short read transaction), and single rows by key for streaming.
 * Rowid tables page by rowid (always an integer, never null); WITHOUT ROWID tables by their key.
 */
public final class SnapshotReader {
    /**
     * One row read.
     *
     * @param key    the event key (primary key columns, or {@link TableSchema#ROWID})
     * @param after  the row image (for rowid tables it includes {@link TableSchema#ROWID})
     * @param cursor the position to continue after (rowid, or key values)
     */
    public record Row(Map<String, Object> key, Map<String, Object> after, List<Object> cursor) {
    }

    private final Connection conn;

    public SnapshotReader(Connection conn) {
        this.conn = conn;
    }

    /** The next {@code limit} rows after {@code after} (null: from the start), in key order. */
    public List<Row> chunk(TableSchema t, List<Object> after, int limit) throws SQLException {
        List<String> cols = columnNames(t);
        boolean byRowid = !t.withoutRowid();
        List<String> order = byRowid ? List.of("_rowid_") : t.primaryKey().stream().map(Sql::id).toList();
        StringBuilder sql = new StringBuilder("SELECT _rowid_, ");
        if (!byRowid) {
            sql.setLength(0);
            sql.append("SELECT NULL, ");
        }
        sql.append(ValueReader.selectList(cols)).append(" FROM ").append(Sql.id(t.table()));
        if (after != null) {
            sql.append(" WHERE (").append(String.join(", ", order)).append(") > (");
            for (int i = 0; i < after.size(); i++) {
                sql.append(i > 0 ? ", " : "").append(KeyCodec.placeholder(after.get(i)));
            }
            sql.append(")");
        }
        sql.append(" ORDER BY ").append(String.join(", ", order)).append(" LIMIT ").append(limit);
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; after != null && i < after.size(); i++) {
                KeyCodec.bind(ps, i + 1, after.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long rowid = byRowid ? rs.getLong(1) : null;
                    Map<String, Object> image = image(t, rs, cols, rowid);
                    Map<String, Object> key = key(t, image);
                    rows.add(new Row(key, image, byRowid ? List.of(rowid) : List.copyOf(key.values())));
                }
            }
        }
        return rows;
    }

    /** The current image of the row with key values {@code keyValues} (in key order), if it exists. */
    public Optional<Row> find(TableSchema t, List<Object> keyValues) throws SQLException {
        List<String> cols = columnNames(t);
        StringBuilder sql = new StringBuilder("SELECT _rowid_, ").append(ValueReader.selectList(cols))
                .append(" FROM ").append(Sql.id(t.table())).append(" WHERE ");
        if (t.withoutRowid()) {
            sql.setLength(0);
            sql.append("SELECT NULL, ").append(ValueReader.selectList(cols)).append(" FROM ")
                    .append(Sql.id(t.table())).append(" WHERE ");
        }
        if (t.usesRowid()) {
            sql.append("_rowid_ = ?");
        } else {
            for (int i = 0; i < t.primaryKey().size(); i++) {
                sql.append(i > 0 ? " AND " : "").append(Sql.id(t.primaryKey().get(i))).append(" IS ")
                        .append(KeyCodec.placeholder(keyValues.get(i)));
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < keyValues.size(); i++) {
                KeyCodec.bind(ps, i + 1, keyValues.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Long rowid = t.withoutRowid() ? null : rs.getLong(1);
                Map<String, Object> image = image(t, rs, cols, rowid);
                return Optional.of(new Row(key(t, image), image, List.of()));
            }
        }
    }

    /** The event key for key values in key order (as decoded from the changelog). */
    public static Map<String, Object> keyOf(TableSchema t, List<Object> keyValues) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < t.primaryKey().size(); i++) {
            key.put(t.primaryKey().get(i), keyValues.get(i));
        }
        return key;
    }

    /** Number of rows, for the progress bar. */
    public long count(TableSchema t) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM " + Sql.id(t.table()));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static List<String> columnNames(TableSchema t) {
        return t.columns().stream().map(ColumnSchema::name).toList();
    }

    private static Map<String, Object> image(TableSchema t, ResultSet rs, List<String> cols, Long rowid) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        if (t.usesRowid()) {
            row.put(TableSchema.ROWID, rowid);
        }
        row.putAll(ValueReader.readRow(rs, 2, cols));
        return row;
    }

    private static Map<String, Object> key(TableSchema t, Map<String, Object> image) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String k : t.primaryKey()) {
            key.put(k, image.get(k));
        }
        return key;
    }
}
