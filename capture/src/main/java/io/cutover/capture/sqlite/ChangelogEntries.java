package io.cutover.capture.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes changelog entries on behalf of Cutover itself, exactly as the triggers would (the key built
 * by the triggers' own SQL, {@link KeyCodec#sqlExpr}): capture then re-reads each key's current row
 * and emits it, or a delete when the source has no such row, in order with the app's changes. This is
 * how repairs, dead-letter replays and resnapshots travel: through capture, never around it.
 */
public final class ChangelogEntries {
    private static final int CHUNK = 10_000;

    private ChangelogEntries() {
    }

    /**
     * One entry for one key ({@code op} {@code u} re-captures the row, {@code d} emits a delete).
     *
     * @param key values in the order of {@code keyColumns} (for a rowid table, the rowid alone)
     * @return the entry's seq: the position the re-capture travels at
     */
    public static long enqueue(Connection sqlite, String table, List<String> keyColumns, boolean rowid,
                               List<Object> key, String op) throws SQLException {
        List<String> cols = rowid ? List.of("_rowid_") : keyColumns;
        StringBuilder sub = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            sub.append(i > 0 ? ", " : "").append(KeyCodec.placeholder(key.get(i))).append(" AS ")
                    .append(rowid ? "_rowid_" : Sql.id(cols.get(i)));
        }
        String sql = "INSERT INTO " + TriggerInstaller.CHANGES + "(tbl, op, pk) SELECT ?, ?, "
                + KeyCodec.sqlExpr("NEW", keyColumns, rowid) + " FROM (" + sub + ") AS NEW";
        try (PreparedStatement ps = sqlite.prepareStatement(sql)) {
            ps.setString(1, table);
            ps.setString(2, op);
            for (int i = 0; i < key.size(); i++) {
                KeyCodec.bind(ps, i + 3, key.get(i));
            }
            ps.executeUpdate();
        }
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * An entry for every row of {@code table}: a resnapshot through the changelog. Rowid tables go in
     * chunks of 10,000 rows, each its own short write transaction, so the app's writer waits at most
     * one chunk; a WITHOUT ROWID table goes in one statement.
     *
     * @return entries written
     */
    public static long enqueueTable(Connection sqlite, String table, List<String> keyColumns, boolean rowid,
                                    boolean withoutRowid) throws SQLException {
        String select = "INSERT INTO " + TriggerInstaller.CHANGES + "(tbl, op, pk) SELECT " + Sql.literal(table)
                + ", 'u', " + KeyCodec.sqlExpr("NEW", keyColumns, rowid) + " FROM " + Sql.id(table) + " AS NEW";
        if (withoutRowid) {
            try (Statement st = sqlite.createStatement()) {
                return st.executeUpdate(select);
            }
        }
        long total = 0;
        long after = Long.MIN_VALUE;
        try (PreparedStatement ps = sqlite.prepareStatement(select + " WHERE NEW._rowid_ > ? ORDER BY NEW._rowid_ LIMIT " + CHUNK);
             PreparedStatement last = sqlite.prepareStatement("SELECT max(_rowid_) FROM (SELECT _rowid_ FROM " + Sql.id(table)
                     + " WHERE _rowid_ > ? ORDER BY _rowid_ LIMIT " + CHUNK + ")")) {
            while (true) {
                last.setLong(1, after);
                long upTo;
                try (ResultSet rs = last.executeQuery()) {
                    if (!rs.next() || rs.getObject(1) == null) {
                        return total;
                    }
                    upTo = rs.getLong(1);
                }
                ps.setLong(1, after);
                total += ps.executeUpdate();
                after = upTo;
            }
        }
    }
}
