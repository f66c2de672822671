package io.cutover.reverse;

import io.cutover.capture.sqlite.TriggerInstaller;
import io.cutover.core.event.ChangeEvent;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes Postgres's changes back into one SQLite source, one batch per transaction, with the Kafka
 * positions it has reached stored in the same transaction ({@value #OFFSETS}), so a restart neither
 * loses nor repeats an effect. The transaction fills capture's write guard first
 * ({@link TriggerInstaller#GUARD}), so neither capture's triggers (no loop back to Postgres) nor the
 * write switch's fence (the file is fenced while writes are on Postgres) fire for these writes; the
 * guard row is gone before the commit, so no app write ever sees it. Upserts are an UPDATE, then an
 * INSERT when no row had the key: never {@code INSERT OR REPLACE}, whose delete would cascade
 * through the app's foreign keys.
 */
final class SqliteWriteBack implements WriteBackTarget {
    static final String OFFSETS = "_cutover_reverse_offsets";
    private final Connection c;
    private final Map<String, Set<String>> columns = new HashMap<>();
    private final StatementCache statements;

    SqliteWriteBack(Path db) throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute(TriggerInstaller.GUARD_DDL);
            st.execute("CREATE TABLE IF NOT EXISTS " + OFFSETS + " (topic TEXT NOT NULL, part INTEGER NOT NULL, "
                    + "next_offset INTEGER NOT NULL, PRIMARY KEY (topic, part))");
        }
        statements = new StatementCache(c);
    }

    /** Stored next offset per topic partition ("topic/partition"). */
    @Override
    public Map<String, Long> offsets() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT topic, part, next_offset FROM " + OFFSETS)) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
            }
        }
        return out;
    }

    /** Applies {@code events} in order and stores {@code nextOffsets}, in one transaction. */
    @Override
    public void apply(List<ChangeEvent> events, Map<String, Long> nextOffsets) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                st.execute("INSERT INTO " + TriggerInstaller.GUARD + "(id) VALUES (1)");
                for (ChangeEvent e : events) {
                    try {
                        if (e.isDelete()) {
                            delete(e);
                        } else {
                            upsert(e);
                        }
                    } catch (SQLException ex) {
                        throw new SQLException("table " + e.source().table() + ", key " + e.key() + ": " + ex.getMessage(),
                                ex.getSQLState(), ex.getErrorCode(), ex);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + OFFSETS + " (topic, part, next_offset) "
                        + "VALUES (?, ?, ?) ON CONFLICT (topic, part) DO UPDATE SET next_offset = excluded.next_offset")) {
                    for (var o : nextOffsets.entrySet()) {
                        int slash = o.getKey().lastIndexOf('/');
                        ps.setString(1, o.getKey().substring(0, slash));
                        ps.setInt(2, Integer.parseInt(o.getKey().substring(slash + 1)));
                        ps.setLong(3, o.getValue());
                        ps.executeUpdate();
                    }
                }
                st.execute("DELETE FROM " + TriggerInstaller.GUARD);
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private void delete(ChangeEvent e) throws SQLException {
        List<String> keyCols = sqliteColumns(e.key().keySet());
        List<Object> vals = new ArrayList<>(e.key().values());
        PreparedStatement ps = statements.get("DELETE FROM " + quote(e.source().table()) + " WHERE " + where(keyCols));
        bind(ps, vals, 1);
        ps.executeUpdate();
    }

    private void upsert(ChangeEvent e) throws SQLException {
        Set<String> known = columnsOf(e.source().table());
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        e.after().forEach((k, v) -> {
            String col = k.equals("_rowid") && !known.contains("_rowid") ? "_rowid_" : k;
            if (known.contains(col) || col.equals("_rowid_")) {
                row.put(col, v); // a column added on Postgres after the switch has no place in the source
            }
        });
        List<String> keyCols = sqliteColumns(e.key().keySet());
        List<Object> keyVals = new ArrayList<>(e.key().values());
        List<String> set = row.keySet().stream().filter(k -> !keyCols.contains(k)).toList();
        int changed = 0;
        if (!set.isEmpty()) {
            PreparedStatement ps = statements.get("UPDATE " + quote(e.source().table()) + " SET "
                    + String.join(", ", set.stream().map(k -> quote(k) + " = ?").toList()) + " WHERE " + where(keyCols));
            int i = bind(ps, set.stream().map(row::get).toList(), 1);
            bind(ps, keyVals, i);
            changed = ps.executeUpdate();
        } else {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + quote(e.source().table())
                    + " WHERE " + where(keyCols))) {
                bind(ps, keyVals, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    changed = rs.next() ? rs.getInt(1) : 0;
                }
            }
        }
        if (changed == 0) {
            List<String> cols = new ArrayList<>(row.keySet());
            PreparedStatement ps = statements.get("INSERT INTO " + quote(e.source().table()) + " ("
                    + String.join(", ", cols.stream().map(SqliteWriteBack::quote).toList()) + ") VALUES ("
                    + String.join(", ", cols.stream().map(x -> "?").toList()) + ")");
            bind(ps, cols.stream().map(row::get).toList(), 1);
            ps.executeUpdate();
        }
    }

    private static List<String> sqliteColumns(Set<String> pgColumns) {
        return pgColumns.stream().map(k -> k.equals("_rowid") ? "_rowid_" : k).toList();
    }

    private Set<String> columnsOf(String table) throws SQLException {
        Set<String> cached = columns.get(table);
        if (cached != null) {
            return cached;
        }
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("table " + table + " is not in the SQLite source: was it dropped or renamed?");
        }
        columns.put(table, out);
        return out;
    }

    private static String where(List<String> keyCols) {
        return String.join(" AND ", keyCols.stream().map(k -> quote(k) + " = ?").toList());
    }

    private static int bind(PreparedStatement ps, List<Object> vals, int from) throws SQLException {
        int i = from;
        for (Object v : vals) {
            if (v == null) {
                ps.setNull(i++, java.sql.Types.NULL);
            } else if (v instanceof Long l) {
                ps.setLong(i++, l);
            } else if (v instanceof Double d) {
                ps.setDouble(i++, d);
            } else if (v instanceof byte[] b) {
                ps.setBytes(i++, b);
            } else {
                ps.setString(i++, v.toString());
            }
        }
        return i;
    }

    private static String quote(String id) {
        return id.equals("_rowid_") ? id : "\"" + id.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() throws SQLException {
        statements.close();
        c.close();
    }
}
