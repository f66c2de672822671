package io.cutover.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A sample application database shaped like the apps Cutover is for, and a writer that keeps it
 * busy the way such an app does: sign-ups, sessions with auth tokens issued and revoked, journal
 * entries written and edited, avatars uploaded.
 */
final class DemoApp {
    static final List<String> TABLES = List.of("users", "sessions", "journal_entries", "avatars");
    private final Path db;
    private final Random random = new Random(42);

    DemoApp(Path db) {
        this.db = db;
    }

    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
        }
        return c;
    }

    /** Creates the database with {@code users} users unless it exists. */
    void create(int users) throws Exception {
        if (Files.exists(db)) {
            return;
        }
        Files.createDirectories(db.toAbsolutePath().getParent());
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, "
                    + "name TEXT, plan TEXT DEFAULT 'free', created_at TEXT DEFAULT (datetime('now')))");
            st.execute("CREATE TABLE sessions(token TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), "
                    + "expires_at INTEGER NOT NULL)");
            st.execute("CREATE TABLE journal_entries(id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL "
                    + "REFERENCES users(id), body TEXT NOT NULL, mood REAL, created_at TEXT DEFAULT (datetime('now')))");
            st.execute("CREATE INDEX journal_by_user ON journal_entries(user_id, created_at)");
            st.execute("CREATE TABLE avatars(user_id INTEGER PRIMARY KEY REFERENCES users(id), image BLOB NOT NULL)");
            c.setAutoCommit(false);
            for (int i = 1; i <= users; i++) {
                signUp(c);
            }
            c.commit();
        }
    }

    /** One write of the app's mix, in its own transaction. */
    void write(Connection c) throws SQLException {
        c.setAutoCommit(true);
        switch (random.nextInt(6)) {
            case 0 -> signUp(c);
            case 1 -> exec(c, "DELETE FROM sessions WHERE token IN (SELECT token FROM sessions ORDER BY expires_at LIMIT 1)");
            case 2 -> exec(c, "UPDATE journal_entries SET body = body || ' (edited)', mood = mood + 0.5 "
                    + "WHERE id = (SELECT max(id) FROM journal_entries) - " + random.nextInt(50));
            case 3 -> exec(c, "UPDATE users SET plan = 'pro' WHERE id = " + (1 + random.nextInt(userCount(c))));
            default -> journal(c, 1 + random.nextInt(userCount(c)));
        }
    }

    private void signUp(Connection c) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users(email, name) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
            ps.setString(1, name + "@example.com");
            ps.setString(2, name);
            ps.executeUpdate();
            var keys = ps.getGeneratedKeys();
            keys.next();
            id = keys.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions VALUES (?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setLong(2, id);
            ps.setLong(3, System.currentTimeMillis() / 1000 + 86_400 * (1 + random.nextInt(30)));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO avatars VALUES (?, ?)")) {
            byte[] png = new byte[64 + random.nextInt(256)];
            random.nextBytes(png);
            ps.setLong(1, id);
            ps.setBytes(2, png);
            ps.executeUpdate();
        }
        journal(c, id);
    }

    private void journal(Connection c, long user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO journal_entries(user_id, body, mood) VALUES (?, ?, ?)")) {
            ps.setLong(1, user);
            ps.setString(2, "Dear diary, day " + random.nextInt(1000) + ": ünïcode ☃ works too.");
            ps.setDouble(3, random.nextInt(10) / 2.0);
            ps.executeUpdate();
        }
    }

    private int userCount(Connection c) throws SQLException {
        try (var rs = c.createStatement().executeQuery("SELECT max(id) FROM users")) {
            return rs.next() ? Math.max(1, rs.getInt(1)) : 1;
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
