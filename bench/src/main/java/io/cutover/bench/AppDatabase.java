package io.cutover.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * A SQLite database shaped like the apps Cutover is for: users, sessions with auth tokens, journal
 * entries with text, chat messages, and a table of small BLOBs (avatars), {@code rows} rows in all
 * (users 10%, sessions 20%, journal 25%, messages 40%, avatars 5%).
 */
final class AppDatabase {
    static final String[] TABLES = {"users", "sessions", "journal_entries", "chat_messages", "avatars"};

    private AppDatabase() {
    }

    static void create(Path db, int rows) throws SQLException {
        Random r = new Random(42);
        int users = Math.max(1, rows / 10);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, "
                        + "name TEXT, created_at TEXT NOT NULL, is_admin INTEGER NOT NULL DEFAULT 0)");
                st.execute("CREATE TABLE sessions (token TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), "
                        + "expires_at INTEGER NOT NULL, user_agent TEXT)");
                st.execute("CREATE TABLE journal_entries (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), "
                        + "title TEXT, body TEXT, mood REAL, written_at TEXT)");
                st.execute("CREATE TABLE chat_messages (id INTEGER PRIMARY KEY, thread TEXT NOT NULL, user_id INTEGER, "
                        + "content TEXT NOT NULL, sent_at INTEGER NOT NULL)");
                st.execute("CREATE INDEX chat_by_thread ON chat_messages(thread, sent_at)");
                st.execute("CREATE TABLE avatars (user_id INTEGER PRIMARY KEY REFERENCES users(id), image BLOB NOT NULL)");
            }
            c.setAutoCommit(false);
            insert(c, "INSERT INTO users (email, name, created_at, is_admin) VALUES (?, ?, ?, ?)", users, (ps, i) -> {
                ps.setString(1, "user" + i + "@example.com");
                ps.setString(2, "User " + i);
                ps.setString(3, "2024-01-" + (1 + i % 28) + " 10:00:00");
                ps.setInt(4, i % 100 == 0 ? 1 : 0);
            });
            insert(c, "INSERT INTO sessions VALUES (?, ?, ?, ?)", rows / 5, (ps, i) -> {
                ps.setString(1, Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()) + i);
                ps.setInt(2, 1 + i % users);
                ps.setLong(3, 1_700_000_000L + i);
                ps.setString(4, "Mozilla/5.0 (X11; Linux x86_64) app/" + (i % 50));
            });
            insert(c, "INSERT INTO journal_entries (user_id, title, body, mood, written_at) VALUES (?, ?, ?, ?, ?)", rows / 4, (ps, i) -> {
                ps.setInt(1, 1 + i % users);
                ps.setString(2, "Day " + i);
                ps.setString(3, "Today I wrote entry number " + i + ". " + "It was a good day. ".repeat(1 + i % 5));
                ps.setDouble(4, (i % 10) / 3.0);
                ps.setString(5, "2024-02-" + (1 + i % 28) + "T08:30:00Z");
            });
            insert(c, "INSERT INTO chat_messages (thread, user_id, content, sent_at) VALUES (?, ?, ?, ?)", rows * 2 / 5, (ps, i) -> {
                ps.setString(1, "thread-" + (i % 1000));
                ps.setInt(2, 1 + i % users);
                ps.setString(3, "message " + i + (i % 7 == 0 ? " with an emoji ☃" : ""));
                ps.setLong(4, 1_700_000_000_000L + i);
            });
            byte[] img = new byte[256];
            insert(c, "INSERT INTO avatars VALUES (?, ?)", Math.min(users, rows / 20), (ps, i) -> {
                r.nextBytes(img);
                ps.setInt(1, i + 1);
                ps.setBytes(2, img);
            });
            c.commit();
        }
    }

    /** Rows in all of the database's tables. */
    static long rowCount(Path db) throws SQLException {
        long n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    /** Waits until the same tables in Postgres (schema public) hold {@code total} rows in all. */
    static void awaitInPostgres(String jdbcUrl, long total, java.time.Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        try (Connection c = DriverManager.getConnection(jdbcUrl, io.cutover.core.local.LocalPostgresCluster.SUPERUSER, "")) {
            while (System.nanoTime() < deadline) {
                long n = 0;
                try (Statement st = c.createStatement()) {
                    for (String t : TABLES) {
                        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM public." + t)) {
                            rs.next();
                            n += rs.getLong(1);
                        }
                    }
                } catch (SQLException notYet) {
                    n = -1; // a table is not created yet
                }
                if (n == total) {
                    return;
                }
                Thread.sleep(100); // polling for completion; well below the measured seconds
            }
        }
        throw new IllegalStateException("Postgres did not get " + total + " rows within " + max);
    }

    private interface Row {
        void bind(PreparedStatement ps, int i) throws SQLException;
    }

    private static void insert(Connection c, String sql, int n, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < n; i++) {
                row.bind(ps, i);
                ps.addBatch();
                if (i % 10_000 == 9_999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
