package io.cutover.bench;

import io.cutover.capture.sqlite.SqliteSchemaReader;
import io.cutover.capture.sqlite.TriggerInstaller;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of capture's triggers for the application: single-row autocommit writes (insert, update,
 * delete, like an app's request handlers) in WAL mode, on a database without and with capture's
 * triggers, alternating rounds so that drift of the machine hits both sides alike; the median round
 * is reported. Run at synchronous=NORMAL (the usual WAL setting, where the trigger's CPU shows most)
 * and at synchronous=FULL (SQLite's default, where the fsync per commit dominates).
 */
final class TriggerOverheadBench {
    private final int opsPerRound;
    private final int rounds;

    TriggerOverheadBench(boolean quick) {
        this.opsPerRound = quick ? 3_000 : 20_000;
        this.rounds = quick ? 3 : 5;
    }

    void run(PrintStream out) throws Exception {
        out.println("== trigger overhead: single-row autocommit writes, WAL mode, " + opsPerRound
                + " ops per round, median of " + rounds + " rounds");
        out.println("synchronous | without (us/op) | Cutover's triggers (us/op) | ratio | target | floor: constant-row trigger (us/op) | floor ratio");
        // One discarded round of each kind, so that JIT compilation is not charged to either side.
        round("NORMAL", Triggers.NONE);
        round("NORMAL", Triggers.CUTOVER);
        for (String sync : List.of("NORMAL", "FULL")) {
            List<Double> plain = new ArrayList<>();
            List<Double> captured = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                plain.add(round(sync, Triggers.NONE));
                captured.add(round(sync, Triggers.CUTOVER));
                floor.add(round(sync, Triggers.CONSTANT_ROW));
            }
            double a = median(plain);
            double b = median(captured);
            double f = median(floor);
            out.printf(Locale.ROOT, "%-11s | %14.1f | %26.1f | %4.2fx | < 1.30x %-7s | %35.1f | %4.2fx%n", sync, a, b,
                    b / a, b / a < 1.3 ? "met" : "NOT met", f, f / a);
        }
    }

    /** Microseconds per write for one round on a fresh database. */
    /**
     * NONE: the app alone. CUTOVER: capture's triggers. CONSTANT_ROW: the floor of any trigger-based
     * capture, a trigger per write that appends a constant row to a plain table.
     */
    private enum Triggers { NONE, CUTOVER, CONSTANT_ROW }

    private double round(String sync, Triggers triggers) throws Exception {
        Path dir = Files.createTempDirectory("cutover-bench-triggers-");
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (var st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=" + sync);
                st.execute("CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, name TEXT, "
                        + "created_at TEXT)");
                st.execute("CREATE TABLE sessions(token TEXT PRIMARY KEY, user_id INTEGER, expires_at INTEGER)");
            }
            if (triggers == Triggers.CONSTANT_ROW) {
                try (var st = c.createStatement()) {
                    st.execute("CREATE TABLE floor(seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, pk TEXT)");
                    for (String t : List.of("users", "sessions")) {
                        for (String ev : List.of("INSERT", "UPDATE", "DELETE")) {
                            st.execute("CREATE TRIGGER f_" + ev + "_" + t + " AFTER " + ev + " ON " + t
                                    + " BEGIN INSERT INTO floor(tbl, op, pk) VALUES ('t', 'c', '[]'); END");
                        }
                    }
                }
            }
            if (triggers == Triggers.CUTOVER) {
                TriggerInstaller installer = new TriggerInstaller(c);
                installer.ensureChangelog();
                SqliteSchemaReader reader = new SqliteSchemaReader(c, "bench");
                List<io.cutover.core.schema.TableSchema> schemas = new ArrayList<>();
                for (String t : reader.tableNames()) {
                    schemas.add(reader.read(t, false));
                }
                installer.install(schemas);
            }
            long start = System.nanoTime();
            writes(c);
            return (System.nanoTime() - start) / 1_000.0 / opsPerRound;
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** An app's mix: create a user and a session, touch the user, end the session. */
    private void writes(Connection c) throws SQLException {
        try (PreparedStatement insUser = c.prepareStatement("INSERT INTO users(email, name, created_at) VALUES (?, ?, datetime('now'))");
             PreparedStatement insSession = c.prepareStatement("INSERT INTO sessions VALUES (?, ?, ?)");
             PreparedStatement updUser = c.prepareStatement("UPDATE users SET name = ? WHERE id = ?");
             PreparedStatement delSession = c.prepareStatement("DELETE FROM sessions WHERE token = ?")) {
            for (int i = 0; i < opsPerRound; i += 4) {
                insUser.setString(1, "user" + i + "@example.com");
                insUser.setString(2, "User " + i);
                insUser.executeUpdate();
                insSession.setString(1, "tok-" + i);
                insSession.setLong(2, i / 4 + 1);
                insSession.setLong(3, 1_700_000_000L + i);
                insSession.executeUpdate();
                updUser.setString(1, "Renamed " + i);
                updUser.setLong(2, i / 4 + 1);
                updUser.executeUpdate();
                delSession.setString(1, "tok-" + i);
                delSession.executeUpdate();
            }
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.get(s.size() / 2);
    }
}
