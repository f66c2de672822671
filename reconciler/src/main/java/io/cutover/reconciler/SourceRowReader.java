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
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads the SQLite side with capture's own value reader ({@link ValueReader}: storage class decides,
 * TEXT as raw bytes so invalid UTF-8 survives) and converts every value as the applier would, so that
 * equal data compares equal. Full reads page through the table in key order, each page one statement
 * and so one short read transaction, as capture's snapshot does: a long read would hold back the WAL.
 */
public final class SourceRowReader implements SourceRows {
    private final Connection conn;
    private final int pageSize;

    public SourceRowReader(Connection conn, int pageSize) {
        this.conn = conn;
        this.pageSize = pageSize;
    }

    /** Every row in key order (text keys in BINARY collation, whatever the column declares). */
    @Override
    public RowCursor scan(MappedTable t) {
        return new RowCursor() {
            private final Deque<Row> page = new ArrayDeque<>();
            private final Layout layout = new Layout(t);
            private List<Object> after;
            private boolean done;

            @Override
            public Row next() throws SQLException {
                while (page.isEmpty() && !done) {
                    Page p = page(t, layout, after);
                    done = p.fetched() < pageSize;
                    page.addAll(p.rows());
                    after = p.lastKey();
                }
                return page.poll();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
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
                return rs.next() ? Optional.of(row(t, new Layout(t), rs)) : Optional.empty();
            }
        }
    }

    /** One page: its rows, the key to continue after, and how many rows SQLite returned. */
    private record Page(List<Row> rows, List<Object> lastKey, int fetched) {
    }

    private Page page(MappedTable t, Layout layout, List<Object> after) throws SQLException {
        // BINARY: the order of the bytes, whatever collation a column declares. Not on _rowid_, where
        // a COLLATE clause would keep SQLite from seeking by rowid (every page would scan the table).
        List<String> order = orderColumns(t).stream().map(c -> c.equals("_rowid_") ? c : c + " COLLATE BINARY").toList();
        StringBuilder sql = new StringBuilder(t.schema().withoutRowid() ? "SELECT NULL" : "SELECT _rowid_");
        List<String> cols = sourceColumns(t);
        for (String c : cols) {
            sql.append(", ").append(Sql.id(c));
        }
        // Which values are NULL, as bits: the driver reports a zero-length BLOB as null too.
        for (int g = 0; g < cols.size(); g += 62) {
            sql.append(", 0");
            for (int i = g; i < Math.min(g + 62, cols.size()); i++) {
                sql.append(" | ((").append(Sql.id(cols.get(i))).append(" IS NULL) << ").append(i - g).append(")");
            }
        }
        sql.append(" FROM ").append(Sql.id(t.table()));
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
                    rows.add(fastRow(t, layout, rs));
                }
            }
        }
        int fetched = rows.size();
        List<Object> last = rows.isEmpty() ? after : rows.get(fetched - 1).sourceKey();
        // A row whose text may not be valid UTF-8 is read again by capture's exact reader (a row
        // deleted in between is simply gone).
        List<Row> out = new ArrayList<>(fetched);
        for (Row r : rows) {
            if (r.values() != null) {
                out.add(r);
            } else {
                find(t, r.sourceKey()).ifPresent(out::add);
            }
        }
        return new Page(out, last, fetched);
    }

    /**
     * Reads a page row by the driver's typed getObject, which like {@link ValueReader} goes by the
     * value's storage class (INTEGER, REAL, TEXT, BLOB, NULL), at half the cost of the
     * {@code typeof} select list (measured: that doubles the columns SQLite returns). The driver
     * decodes TEXT leniently, so a text holding U+FFFD (possibly replaced invalid UTF-8) marks the row
     * for an exact re-read: returned with null values.
     */
    private static Row fastRow(MappedTable t, Layout l, ResultSet rs) throws SQLException {
        int n = l.columns.size();
        Object[] raw = new Object[n];
        boolean suspectText = false;
        int col = 2;
        int sourceCols = n - (t.schema().usesRowid() ? 1 : 0);
        for (int i = 0; i < n; i++) {
            if (i == 0 && t.schema().usesRowid()) {
                raw[0] = rs.getLong(1);
                continue;
            }
            int s = col - 2; // index among the source columns
            Object v = rs.getObject(col++);
            if (v instanceof Integer x) {
                v = x.longValue();
            } else if (v instanceof String str && str.indexOf('\uFFFD') >= 0) {
                suspectText = true;
            } else if (v == null && (rs.getLong(2 + sourceCols + s / 62) & (1L << (s % 62))) == 0) {
                v = new byte[0];
            }
            raw[i] = v;
        }
        Object[] sourceKey = new Object[l.keyIndex.length];
        for (int k = 0; k < sourceKey.length; k++) {
            sourceKey[k] = raw[l.keyIndex[k]];
        }
        if (suspectText) {
            return new Row(List.of(), null, Arrays.asList(sourceKey));
        }
        return canonical(l, raw, sourceKey);
    }

    /**
     * Tables without a key and tables whose key is the INTEGER PRIMARY KEY (an alias of the rowid) are
     * read by {@code _rowid_}; other tables by their primary key columns.
     */
    private static List<String> orderColumns(MappedTable t) {
        boolean rowidAlias = t.schema().autoincrement() != null && !t.schema().withoutRowid()
                && t.keyColumns().equals(List.of(t.schema().autoincrement()));
        return t.schema().usesRowid() || rowidAlias ? List.of("_rowid_") : t.keyColumns().stream().map(Sql::id).toList();
    }

    private static List<String> sourceColumns(MappedTable t) {
        return t.columns().stream().filter(c -> !(t.schema().usesRowid() && c.equals(TableSchema.ROWID))).toList();
    }

    private static StringBuilder select(MappedTable t) {
        return new StringBuilder(t.schema().withoutRowid() ? "SELECT NULL, " : "SELECT _rowid_, ").append(ValueReader.selectList(sourceColumns(t)))
                .append(" FROM ").append(Sql.id(t.table()));
    }

    private static Row row(MappedTable t, Layout l, ResultSet rs) throws SQLException {
        // Result columns: 1 is the rowid, then a (typeof, value) pair per source column, in layout order
        // (the rowid, when it is a compared column, comes first in the layout and from column 1).
        int n = l.columns.size();
        Object[] raw = new Object[n];
        int rs2 = 2;
        for (int i = 0; i < n; i++) {
            if (i == 0 && t.schema().usesRowid()) {
                raw[0] = rs.getLong(1);
                continue;
            }
            raw[i] = ValueReader.value(rs.getString(rs2), rs, rs2 + 1);
            rs2 += 2;
        }
        Object[] sourceKey = new Object[l.keyIndex.length];
        for (int k = 0; k < sourceKey.length; k++) {
            sourceKey[k] = raw[l.keyIndex[k]];
        }
        return canonical(l, raw, sourceKey);
    }

    static Row canonical(Layout l, Object[] raw, Object[] sourceKey) {
        Object[] values = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = Canonical.ofSource(raw[i], l.types[i]);
        }
        Object[] key = new Object[l.keyIndex.length];
        for (int k = 0; k < key.length; k++) {
            key[k] = values[l.keyIndex[k]];
        }
        return new Row(Arrays.asList(key), Arrays.asList(values), Arrays.asList(sourceKey));
    }
}
