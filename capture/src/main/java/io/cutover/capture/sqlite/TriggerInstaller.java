package io.cutover.capture.sqlite;

import io.cutover.core.schema.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs and removes the key changelog and its triggers. Triggers record keys only (never row
 * images), so they stay small and can never fail on an odd value the app writes. Installation is
 * idempotent: a trigger whose SQL differs from what the table needs now (its key changed, or it was
 * renamed) is replaced, and triggers of tables no longer captured are dropped.
 */
public final class TriggerInstaller {
    /** The changelog table. */
    public static final String CHANGES = "_cutover_changes";
    /**
     * The write guard: capture (and control's fence) triggers fire only while this table is empty. A
     * writer whose changes must not be captured (the reverse applier writing Postgres's changes back)
     * inserts a row at the start of its own transaction and deletes it before committing, so no other
     * connection ever sees it and the app's writes are captured as before.
     */
    public static final String GUARD = "_cutover_guard";
    /** The {@code WHEN} clause every Cutover trigger carries; see {@link #GUARD}. */
    public static final String UNGUARDED = "WHEN NOT EXISTS (SELECT 1 FROM " + GUARD + ")";
    /** Creates the guard table; a trigger naming a missing table would make the app's writes fail. */
    public static final String GUARD_DDL = "CREATE TABLE IF NOT EXISTS " + GUARD + "(id INTEGER PRIMARY KEY)";
    private static final String PREFIX = "_cutover_";
    private static final Logger LOG = LoggerFactory.getLogger(TriggerInstaller.class);

    private final Connection conn;

    public TriggerInstaller(Connection conn) {
        this.conn = conn;
    }

    /**
     * Creates the changelog if missing. seq is a plain INTEGER PRIMARY KEY, not AUTOINCREMENT, which
     * would add a sqlite_sequence write to every application write; it stays monotonic because
     * {@link SqliteChangeLog#deleteUpTo} always keeps the highest row.
     */
    public void ensureChangelog() throws SQLException {
        inWriteTx(List.of("CREATE TABLE IF NOT EXISTS " + CHANGES + "(seq INTEGER PRIMARY KEY,"
                + " tbl TEXT NOT NULL, op TEXT NOT NULL, pk TEXT NOT NULL)", GUARD_DDL));
    }

    /**
     * Makes the triggers of exactly {@code tables} current, in one short write transaction.
     *
     * @return the tables whose triggers were missing or changed (they need a snapshot)
     */
    public List<String> install(List<TableSchema> tables) throws SQLException {
        Map<String, String> existing = existingTriggers();
        Map<String, String> wanted = new LinkedHashMap<>();
        Map<String, String> tableOf = new LinkedHashMap<>();
        for (TableSchema t : tables) {
            triggerSql(t).forEach((name, sql) -> {
                wanted.put(name, sql);
                tableOf.put(name, t.table());
            });
        }
        List<String> stmts = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (var e : existing.entrySet()) {
            if (!e.getValue().equals(wanted.get(e.getKey()))) {
                stmts.add("DROP TRIGGER IF EXISTS " + Sql.id(e.getKey()));
            }
        }
        for (var e : wanted.entrySet()) {
            if (!e.getValue().equals(existing.get(e.getKey()))) {
                stmts.add(e.getValue());
                String table = tableOf.get(e.getKey());
                if (!changed.contains(table)) {
                    changed.add(table);
                }
            }
        }
        if (!stmts.isEmpty()) {
            ensureChangelog();
            inWriteTx(stmts);
            LOG.info("capture triggers installed or replaced for {}", changed);
        }
        return changed;
    }

    /**
     * Removes every Cutover trigger, the changelog and every other {@code _cutover_} table (the write
     * guard, the reverse applier's offsets), leaving the app's database as it was (SQLite
     * keeps its internal {@code sqlite_sequence} table once created; our row in it is removed).
     */
    public void uninstall() throws SQLException {
        List<String> stmts = new ArrayList<>();
        for (String name : existingTriggers().keySet()) {
            stmts.add("DROP TRIGGER IF EXISTS " + Sql.id(name));
        }
        stmts.add("DROP TABLE IF EXISTS " + CHANGES);
        for (String table : cutoverTables()) {
            stmts.add("DROP TABLE IF EXISTS " + Sql.id(table));
        }
        if (tableExists("sqlite_sequence")) {
            stmts.add("DELETE FROM sqlite_sequence WHERE name = " + Sql.literal(CHANGES));
        }
        inWriteTx(stmts);
    }

    /** Trigger name to its SQL, exactly as SQLite stores it in sqlite_master. */
    public Map<String, String> existingTriggers() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '\\_cutover\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** The three triggers {@code t} needs, by name. */
    static Map<String, String> triggerSql(TableSchema t) {
        boolean rowid = t.usesRowid();
        String newKey = KeyCodec.sqlExpr("NEW", t.primaryKey(), rowid);
        String oldKey = KeyCodec.sqlExpr("OLD", t.primaryKey(), rowid);
        String tbl = Sql.literal(t.table());
        String on = " ON " + Sql.id(t.table()) + " " + UNGUARDED + " BEGIN ";
        String ins = "INSERT INTO " + CHANGES + "(tbl, op, pk) ";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "i_" + t.table(), "CREATE TRIGGER " + Sql.id(PREFIX + "i_" + t.table()) + " AFTER INSERT" + on
                + ins + "VALUES (" + tbl + ", 'c', " + newKey + "); END");
        // A key change is a delete of the old key and an upsert of the new one.
        m.put(PREFIX + "u_" + t.table(), "CREATE TRIGGER " + Sql.id(PREFIX + "u_" + t.table()) + " AFTER UPDATE" + on
                + ins + "SELECT " + tbl + ", 'd', " + oldKey + " WHERE " + keyChanged(t, rowid) + "; "
                + ins + "VALUES (" + tbl + ", 'u', " + newKey + "); END");
        m.put(PREFIX + "d_" + t.table(), "CREATE TRIGGER " + Sql.id(PREFIX + "d_" + t.table()) + " AFTER DELETE" + on
                + ins + "VALUES (" + tbl + ", 'd', " + oldKey + "); END");
        return m;
    }

    /**
     * Whether an update changed the key, on the raw columns: cheaper than comparing encoded keys on
     * every update of the app. typeof is compared too, since 1 and 1.0 are equal in SQLite but are
     * different keys once encoded.
     */
    private static String keyChanged(TableSchema t, boolean rowid) {
        List<String> cols = rowid ? List.of("_rowid_") : t.primaryKey().stream().map(Sql::id).toList();
        return cols.stream().map(c -> "OLD." + c + " IS NOT NEW." + c + " OR typeof(OLD." + c + ") IS NOT typeof(NEW." + c + ")")
                .collect(java.util.stream.Collectors.joining(" OR "));
    }

    private List<String> cutoverTables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_cutover\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private boolean tableExists(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Runs {@code stmts} in one IMMEDIATE transaction: the write lock is taken up front and held briefly. */
    private void inWriteTx(List<String> stmts) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(true);
        try (Statement s = conn.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                for (String sql : stmts) {
                    s.execute(sql);
                }
                s.execute("COMMIT");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        } finally {
            conn.setAutoCommit(auto);
        }
    }

}
