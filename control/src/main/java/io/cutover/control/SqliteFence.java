package io.cutover.control;

import io.cutover.capture.sqlite.TriggerInstaller;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a SQLite source refuse writes: BEFORE INSERT/UPDATE/DELETE triggers on every captured table
 * that abort with a message naming Cutover, so an app that writes after the switch fails loudly
 * instead of writing where nobody reads. The triggers are named {@code cutover_fence_*}, outside the
 * {@code _cutover_} prefix that capture manages, so a capture restart never removes them. Installed
 * and removed each in one write transaction. Like capture's triggers they carry the write guard
 * ({@link TriggerInstaller#UNGUARDED}), so the reverse applier can write Postgres's changes back to a
 * fenced file.
 */
public final class SqliteFence {
    static final String PREFIX = io.cutover.core.control.Fences.SQLITE_TRIGGER_PREFIX;
    /** What the app's failed write says. */
    public static final String MESSAGE = "Cutover: writes to this SQLite database are frozen because they moved to "
            + "PostgreSQL; read GET /v1/routing and write to Postgres";
    private static final String[] KINDS = {"INSERT", "UPDATE", "DELETE"};

    private SqliteFence() {
    }

    /** Fences every table that has capture triggers; returns the tables fenced. */
    public static List<String> install(Path db) throws SQLException {
        try (Connection c = open(db); Statement st = c.createStatement()) {
            List<String> tables = capturedTables(c);
            st.execute("BEGIN IMMEDIATE");
            try {
                st.execute(TriggerInstaller.GUARD_DDL);
                for (String t : tables) {
                    for (String kind : KINDS) {
                        st.execute("CREATE TRIGGER IF NOT EXISTS " + quote(PREFIX + kind.charAt(0) + "_" + t) + " BEFORE "
                                + kind + " ON " + quote(t) + " " + TriggerInstaller.UNGUARDED + " BEGIN SELECT RAISE(ABORT, '" + MESSAGE + "'); END");
                    }
                }
                st.execute("COMMIT");
            } catch (SQLException e) {
                st.execute("ROLLBACK");
                throw e;
            }
            return tables;
        }
    }

    /** Removes every fence trigger; safe when there are none. */
    public static void remove(Path db) throws SQLException {
        try (Connection c = open(db); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '"
                    + PREFIX.replace("_", "\\_") + "%' ESCAPE '\\'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            st.execute("BEGIN IMMEDIATE");
            for (String n : names) {
                st.execute("DROP TRIGGER IF EXISTS " + quote(n));
            }
            st.execute("COMMIT");
        }
    }

    /** True when any fence trigger is present. */
    public static boolean isFenced(Path db) throws SQLException {
        try (Connection c = open(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '"
                        + PREFIX.replace("_", "\\_") + "%' ESCAPE '\\'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /** Tables with capture's insert trigger, i.e. exactly the captured ones. */
    static List<String> capturedTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT tbl_name FROM sqlite_master "
                + "WHERE type = 'trigger' AND name LIKE '\\_cutover\\_i\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static Connection open(Path db) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    static String quote(String id) {
        return "\"" + id.replace("\"", "\"\"") + "\"";
    }

    /** The changelog table capture's triggers write to. */
    static String changes() {
        return TriggerInstaller.CHANGES;
    }
}
