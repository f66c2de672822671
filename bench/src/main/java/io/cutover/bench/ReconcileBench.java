package io.cutover.bench;

import io.cutover.capture.sqlite.SqliteSchemaReader;
import io.cutover.core.control.ControlSchema;
import io.cutover.core.local.LocalPostgresCluster;
import io.cutover.reconciler.MappedTable;
import io.cutover.reconciler.SourceRowReader;
import io.cutover.reconciler.TableCatalog;
import io.cutover.reconciler.TableVerifier;
import io.cutover.reconciler.TargetRowReader;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * A full reconcile pass over one N-row table beside the floor: reading both sides once with plain
 * JDBC (every column fetched, nothing compared), in the same run and on the same data. Both sides
 * hold equal rows (built by equivalent SQL on each side), so the pass compares every row and finds
 * nothing; one mismatch is then planted to show it is found.
 */
final class ReconcileBench {
    /** Rows per SQLite page and Postgres fetch, as reconciler.page-size (override: -Dpage=N). */
    private static final int PAGE = Integer.getInteger("page", 5000);
    private static final String COLS = "id, email, name, score, created_at, avatar";
    private final int rows;

    ReconcileBench(boolean quick) {
        this.rows = Bench.rows(quick ? 100_000 : 1_000_000);
    }

    void run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("cutover-bench-reconcile-");
        Path db = dir.resolve("app.db");
        try (LocalPostgresCluster pg = LocalPostgresCluster.at(dir.resolve("postgres")).start();
             Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + db);
             Connection pgc = DriverManager.getConnection(pg.jdbcUrl("postgres"), LocalPostgresCluster.SUPERUSER, "")) {
            fill(sqlite, pgc);
            MappedTable t = new TableCatalog(new ControlSchema("cutover")).tables(pgc, "bench").get(0);
            // One untimed round of each, so that JIT compilation and cold caches are charged to neither.
            readBoth(sqlite, pgc);
            pass(sqlite, pgc, t);
            double floor = Double.MAX_VALUE;
            double reconcile = Double.MAX_VALUE;
            long compared = 0;
            for (int i = 0; i < 3; i++) { // best of three, alternating
                long t0 = System.nanoTime();
                readBoth(sqlite, pgc);
                floor = Math.min(floor, (System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                TableVerifier.Pass p = pass(sqlite, pgc, t);
                reconcile = Math.min(reconcile, (System.nanoTime() - t0) / 1e9);
                compared = p.compared();
                if (!p.differences().isEmpty()) {
                    throw new IllegalStateException("equal sides compared unequal: " + p.differences().get(0));
                }
            }
            pgc.createStatement().execute("UPDATE public.items SET score = score + 1e-9 WHERE id = " + rows / 2);
            TableVerifier.Pass planted = pass(sqlite, pgc, t);
            out.println("== reconcile full pass: " + rows + " rows (" + COLS + "), SQLite file beside local Postgres");
            out.printf(Locale.ROOT, "read both sides once (plain JDBC): %.2f s | full pass (read, convert, compare): "
                            + "%.2f s, %d rows compared (%.0f rows/s) | ratio %.2f | target <= 1.50 %s | planted "
                            + "mismatch found: %s%n", floor, reconcile, compared, compared / reconcile, reconcile / floor,
                    reconcile / floor <= 1.5 ? "met" : "NOT met", planted.differences().size() == 1
                            && planted.differences().get(0).columns().equals(java.util.List.of("score")));
        }
    }

    private void fill(Connection sqlite, Connection pg) throws Exception {
        try (Statement s = sqlite.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, email TEXT, name TEXT, score REAL, created_at TEXT, avatar BLOB)");
            s.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ") "
                    + "INSERT INTO items SELECT i, 'user' || i || '@example.com', 'User number ' || i, i * 0.25, "
                    + "'2024-01-01 00:00:00', CAST(printf('%08d', i) AS BLOB) FROM s");
        }
        try (Statement s = pg.createStatement()) {
            s.execute("CREATE TABLE public.items(id bigint PRIMARY KEY, email text, name text, score double precision, "
                    + "created_at text, avatar bytea)");
            s.execute("INSERT INTO public.items SELECT i, 'user' || i || '@example.com', 'User number ' || i, i * 0.25, "
                    + "'2024-01-01 00:00:00', convert_to(lpad(i::text, 8, '0'), 'UTF8') FROM generate_series(1, " + rows + ") i");
            s.execute("VACUUM ANALYZE public.items");
        }
        ControlSchema control = new ControlSchema("cutover");
        control.ensure(pg);
        var schema = new SqliteSchemaReader(sqlite, "bench").read("items", true);
        try (PreparedStatement ps = pg.prepareStatement("INSERT INTO " + control.qualified("tables")
                + " (source, source_table, topic, target_schema, target_table, fingerprint, schema_json) "
                + "VALUES ('bench', 'items', 'bench.bench.items', 'public', 'items', ?, ?::jsonb)")) {
            ps.setString(1, schema.fingerprint());
            ps.setString(2, new String(schema.toJsonBytes(), StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
    }

    private static TableVerifier.Pass pass(Connection sqlite, Connection pg, MappedTable t) throws Exception {
        return new TableVerifier(new SourceRowReader(sqlite, PAGE), new TargetRowReader(pg, PAGE)).fullPass(t);
    }

    /** The floor: every column of every row fetched from each side once, in key order, nothing else. */
    private static long readBoth(Connection sqlite, Connection pg) throws Exception {
        long sink = 0;
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("SELECT " + COLS + " FROM items ORDER BY id")) {
            while (rs.next()) {
                sink += rs.getLong(1) + rs.getString(2).length() + rs.getString(3).length() + (long) rs.getDouble(4)
                        + rs.getString(5).length() + rs.getBytes(6).length;
            }
        }
        pg.setAutoCommit(false);
        try (Statement s = pg.createStatement()) {
            s.setFetchSize(5000);
            try (ResultSet rs = s.executeQuery("SELECT " + COLS + " FROM public.items ORDER BY id")) {
                while (rs.next()) {
                    sink += rs.getLong(1) + rs.getString(2).length() + rs.getString(3).length() + (long) rs.getDouble(4)
                            + rs.getString(5).length() + rs.getBytes(6).length;
                }
            }
        } finally {
            pg.rollback();
            pg.setAutoCommit(true);
        }
        return sink;
    }
}
