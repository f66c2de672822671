package io.cutover.bench;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.core.local.LocalPostgresCluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Initial sync of an app-shaped SQLite database: Cutover (capture, Kafka, applier, until every row is
 * in Postgres and a full verification passes) against pgloader loading the same file into the same
 * Postgres, one after the other in the same run.
 */
final class InitialSyncBench {
    private final int rows;

    InitialSyncBench(boolean quick) {
        this.rows = Bench.rows(quick ? 100_000 : 1_000_000);
    }

    void run(PrintStream out) throws Exception {
        try (BenchServices s = new BenchServices()) {
            Path dir = Files.createTempDirectory("cutover-sync-");
            Path db = dir.resolve("app.db");
            AppDatabase.create(db, rows);
            long total = AppDatabase.rowCount(db);
            s.pg.createDatabase("sync_pgloader");
            s.pg.createDatabase("sync_cutover");
            double pgloader = pgloaderSeconds(s, db);
            double[] cutover = cutoverSeconds(s, dir, db, total);
            out.printf(Locale.ROOT, "== initial sync of %d rows (users, sessions, journal entries, chat messages, avatars): "
                            + "pgloader %.1f s | Cutover to every row applied %.1f s, to a clean verification %.1f s | "
                            + "ratio pgloader/Cutover %.2f | target >= 1.00 %s%n", total, pgloader, cutover[0], cutover[1],
                    pgloader / cutover[1], pgloader / cutover[1] >= 1 ? "met" : "NOT met");
        }
    }

    private static double pgloaderSeconds(BenchServices s, Path db) throws Exception {
        String target = "postgresql://" + LocalPostgresCluster.SUPERUSER + "@127.0.0.1:" + s.pg.port() + "/sync_pgloader";
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder("pgloader", "sqlite://" + db.toAbsolutePath(), target).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("pgloader is the anchor of this scenario: apt-get install -y pgloader", e);
        }
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("pgloader failed:\n" + log);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds to every row applied, and to a clean verification. */
    private double[] cutoverSeconds(BenchServices s, Path dir, Path db, long total) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", LocalPostgresCluster.SUPERUSER);
        String url = s.pg.jdbcUrl("sync_cutover");
        CaptureSettings cs = CaptureSettings.of(s.bootstrap, dir.resolve("state"),
                List.of(new CaptureSettings.Sqlite("app", db, List.of(), List.of(), false)));
        long t0 = System.nanoTime();
        try (CaptureRunner capture = new CaptureRunner(cs); Applier applier = new Applier(ApplierSettings.of(s.bootstrap, url, p))) {
            capture.start();
            applier.start();
            AppDatabase.awaitInPostgres(url, total, Duration.ofMinutes(30));
            double applied = (System.nanoTime() - t0) / 1e9;
            SyncVerifier.verify(s, db, url);
            return new double[]{applied, (System.nanoTime() - t0) / 1e9};
        }
    }
}
