package io.cutover.cli.chaos;

import io.cutover.testkit.SqliteShell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQLite application: one transaction at a time through the real {@code sqlite3} shell, each
 * inserting, updating (raising {@code ver}) and deleting rows of three tables (an integer key, a
 * TEXT/REAL/BLOB table, a composite key WITHOUT ROWID). A transaction the shell reports as failed
 * (SQLITE_BUSY past the busy timeout) is retried; one that exited 0 is acknowledged and recorded in
 * {@link #acknowledged()}, the app's own view of what it wrote, kept apart from the file.
 */
final class SqliteLoad implements Runnable {
    static final Map<String, List<String>> KEYS = Map.of("accounts", List.of("id"), "docs", List.of("id"),
            "pairs", List.of("a", "b"));
    private final SqliteShell shell;
    private final Random random;
    private final Map<String, Map<String, Long>> acked = new HashMap<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean stop;
    private volatile Throwable failure;
    private long nextId = 1000;

    SqliteLoad(Path db, long seed) {
        this.shell = new SqliteShell(db);
        this.random = new Random(seed);
        KEYS.keySet().forEach(t -> acked.put(t, new HashMap<>()));
    }

    static String schema() {
        return String.join("\n", "PRAGMA journal_mode=WAL;",
                "CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance REAL, ver INTEGER NOT NULL);",
                "CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT, score REAL, body BLOB, ver INTEGER NOT NULL);",
                "CREATE TABLE pairs(a TEXT NOT NULL, b INTEGER NOT NULL, note TEXT, ver INTEGER NOT NULL,"
                        + " PRIMARY KEY(a, b)) WITHOUT ROWID;");
    }

    @Override
    public void run() {
        try {
            while (!stop) {
                transactions(1);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Runs {@code n} transactions on the calling thread, e.g. the app's data before capture starts. */
    void transactions(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Map<String, Map<String, Long>> next = copy();
            String sql = transaction(next);
            while (!commit(sql)) {
                retries.incrementAndGet();
            }
            synchronized (this) {
                acked.clear();
                acked.putAll(next);
            }
            commits.incrementAndGet();
        }
    }

    private boolean commit(String sql) throws Exception {
        try {
            shell.run(sql);
            return true;
        } catch (IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("locked") || m.contains("busy")) {
                return false; // rolled back by the shell; the same transaction again
            }
            throw e;
        }
    }

    private String transaction(Map<String, Map<String, Long>> model) {
        StringBuilder sql = new StringBuilder("BEGIN IMMEDIATE;\n");
        if (random.nextInt(15) == 0) {
            bulkUpdate(sql, model);
        }
        int ops = 1 + random.nextInt(5);
        for (int i = 0; i < ops; i++) {
            String table = List.of("accounts", "docs", "pairs").get(random.nextInt(3));
            Map<String, Long> rows = model.get(table);
            int dice = random.nextInt(10);
            if (rows.isEmpty() || dice < 4 || (rows.size() < 50 && dice < 6)) {
                insert(sql, table, rows);
            } else if (dice < 9 || rows.size() < 50) {
                update(sql, table, rows, pick(rows));
            } else {
                String key = pick(rows);
                sql.append("DELETE FROM ").append(table).append(" WHERE ").append(where(table, key)).append(";\n");
                rows.remove(key);
            }
        }
        return sql.append("COMMIT;\n").toString();
    }

    private void insert(StringBuilder sql, String table, Map<String, Long> rows) {
        long id = nextId++;
        switch (table) {
            case "accounts" -> sql.append("INSERT INTO accounts VALUES (").append(id).append(", 'owner ").append(id)
                    .append(" é', ").append(real()).append(", 1);\n");
            case "docs" -> sql.append("INSERT INTO docs VALUES (").append(id).append(", 'doc ").append(id).append("', ")
                    .append(real()).append(", X'").append(blob()).append("', 1);\n");
            default -> sql.append("INSERT INTO pairs VALUES ('k").append(id % 13).append("', ").append(id)
                    .append(", 'note ").append(id).append("', 1);\n");
        }
        rows.put(table.equals("pairs") ? "k" + id % 13 + "|" + id : Long.toString(id), 1L);
    }

    private void update(StringBuilder sql, String table, Map<String, Long> rows, String key) {
        String set = switch (table) {
            case "accounts" -> "balance = " + real() + ", owner = owner || '+'";
            case "docs" -> random.nextBoolean() ? "body = X'" + blob() + "', score = " + real() : "title = NULL, score = -0.0";
            default -> "note = 'n" + random.nextInt(1000) + "'";
        };
        sql.append("UPDATE ").append(table).append(" SET ").append(set).append(", ver = ver + 1 WHERE ")
                .append(where(table, key)).append(";\n");
        rows.merge(key, 1L, Long::sum);
    }

    /** A fifth of one table's rows in one statement: a burst that keeps capture and the applier busy. */
    private void bulkUpdate(StringBuilder sql, Map<String, Map<String, Long>> model) {
        String table = List.of("accounts", "docs", "pairs").get(random.nextInt(3));
        int r = random.nextInt(5);
        String set = switch (table) {
            case "accounts" -> "balance = balance * 2";
            case "docs" -> "score = -score";
            default -> "note = note || '.'";
        };
        String column = table.equals("pairs") ? "b" : "id";
        sql.append("UPDATE ").append(table).append(" SET ").append(set).append(", ver = ver + 1 WHERE ").append(column)
                .append(" % 5 = ").append(r).append(";\n");
        model.get(table).replaceAll((key, ver) ->
                Long.parseLong(key.substring(key.indexOf('|') + 1)) % 5 == r ? ver + 1 : ver);
    }

    private static String where(String table, String key) {
        if (!table.equals("pairs")) {
            return "id = " + key;
        }
        String[] ab = key.split("\\|");
        return "a = '" + ab[0] + "' AND b = " + ab[1];
    }

    private String pick(Map<String, Long> rows) {
        List<String> keys = new ArrayList<>(rows.keySet());
        keys.sort(null);
        return keys.get(random.nextInt(keys.size()));
    }

    private String real() {
        return Double.toString((random.nextInt(2_000_000) - 1_000_000) / 64.0 + random.nextDouble());
    }

    private String blob() {
        byte[] b = new byte[1 + random.nextInt(24)];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private synchronized Map<String, Map<String, Long>> copy() {
        Map<String, Map<String, Long>> c = new HashMap<>();
        acked.forEach((t, rows) -> c.put(t, new HashMap<>(rows)));
        return c;
    }

    /** Every row the app saw committed, by table and key ({@code a|b} for pairs), with its last version. */
    Map<String, Map<String, Long>> acknowledged() {
        return copy();
    }

    long commits() {
        return commits.get();
    }

    long retries() {
        return retries.get();
    }

    /** Asks the loop to end after the transaction in progress; {@link #failure()} says if it died. */
    void stop() {
        stop = true;
    }

    Throwable failure() {
        return failure;
    }
}
