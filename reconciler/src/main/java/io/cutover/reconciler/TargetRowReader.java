package io.cutover.reconciler;

import io.cutover.core.control.Identifiers;
import io.cutover.core.schema.PgType;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Postgres side in canonical form. A full read is one streaming query (a cursor of
 * {@code fetchSize} rows) ordered as {@link KeyOrder}: text keys {@code COLLATE "C"}, i.e. by their
 * UTF-8 bytes, like SQLite's BINARY collation.
 */
public final class TargetRowReader {
    private final Connection conn;
    private final int fetchSize;

    /** {@code conn} is used with autocommit off (the driver streams only inside a transaction). */
    public TargetRowReader(Connection conn, int fetchSize) {
        this.conn = conn;
        this.fetchSize = fetchSize;
    }

    public RowCursor scan(MappedTable t) throws SQLException {
        conn.setAutoCommit(false);
        List<String> order = t.keyColumns().stream().map(k -> Identifiers.quote(k)
                + (t.type(k) == PgType.TEXT ? " COLLATE \"C\"" : "")).toList();
        PreparedStatement ps = conn.prepareStatement(select(t) + " ORDER BY " + String.join(", ", order));
        ps.setFetchSize(fetchSize);
        ResultSet rs = ps.executeQuery();
        Layout layout = new Layout(t);
        return new RowCursor() {
            @Override
            public Row next() throws SQLException {
                return rs.next() ? row(layout, rs) : null;
            }

            @Override
            public void close() throws SQLException {
                try {
                    rs.close();
                    ps.close();
                } finally {
                    conn.rollback();
                }
            }
        };
    }

    /** The row with canonical key {@code key}, if Postgres has it. */
    public Optional<Row> find(MappedTable t, List<Object> key) throws SQLException {
        StringBuilder sql = new StringBuilder(select(t)).append(" WHERE ");
        for (int i = 0; i < t.keyColumns().size(); i++) {
            sql.append(i > 0 ? " AND " : "").append(Identifiers.quote(t.keyColumns().get(i)))
                    .append(key.get(i) == null ? " IS NULL" : " = ?");
        }
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < key.size(); i++) {
                if (key.get(i) != null) {
                    bind(ps, p++, key.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(new Layout(t), rs)) : Optional.empty();
            } finally {
                if (!conn.getAutoCommit()) {
                    conn.rollback();
                }
            }
        }
    }

    private static String select(MappedTable t) {
        return "SELECT " + String.join(", ", t.columns().stream().map(Identifiers::quote).toList()) + " FROM " + t.qualifiedTarget();
    }

    private static Row row(Layout l, ResultSet rs) throws SQLException {
        Object[] values = new Object[l.types.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = Canonical.ofTarget(rs, i + 1, l.types[i]);
        }
        Object[] key = new Object[l.keyIndex.length];
        for (int k = 0; k < key.length; k++) {
            key[k] = values[l.keyIndex[k]];
        }
        return new Row(Arrays.asList(key), Arrays.asList(values), null);
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v instanceof Canonical.Bytes b) {
            ps.setBytes(i, b.b());
        } else if (v instanceof Instant in) {
            ps.setObject(i, OffsetDateTime.ofInstant(in, ZoneOffset.UTC));
        } else if (v instanceof Canonical.Json j) {
            ps.setObject(i, j.node().toString(), java.sql.Types.OTHER);
        } else if (v instanceof BigDecimal || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof String) {
            ps.setObject(i, v);
        } else {
            ps.setString(i, String.valueOf(v));
        }
    }
}
