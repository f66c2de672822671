package io.cutover.bench;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.core.local.LocalPostgresCluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The highest change rate the pipeline sustains: an app makes single-row autocommit inserts into
 * SQLite (WAL, synchronous=NORMAL) at a steady rate for a while, with capture and the applier at
 * their defaults; a rate is sustained when Postgres has every row within a second of the last write.
 * Rates double until one is not sustained (or the app itself cannot write that fast).
 */
final class SustainedRateBench {
    private final int seconds;
    private final int[] rates;

    SustainedRateBench(boolean quick) {
        this.seconds = quick ? 5 : 15;
        this.rates = quick ? new int[]{1000, 4000} : new int[]{1000, 2000, 4000, 8000, 16000, 32000, 64000};
    }

    void run(PrintStream out) throws Exception {
        try (BenchServices s = new BenchServices()) {
            Path dir = Files.createTempDirectory("cutover-rate-");
            Path db = dir.resolve("app.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT, n INTEGER)");
            }
            Properties p = new Properties();
            p.setProperty("user", LocalPostgresCluster.SUPERUSER);
            CaptureSettings cs = CaptureSettings.of(s.bootstrap, dir.resolve("state"),
                    List.of(new CaptureSettings.Sqlite("app", db, List.of(), List.of(), false)));
            out.println("== sustained change rate: single-row inserts into SQLite for " + seconds + " s per rate; "
                    + "sustained = Postgres has every row within 1 s of the last write");
            int best = 0;
            try (CaptureRunner capture = new CaptureRunner(cs); Applier applier = new Applier(ApplierSettings.of(s.bootstrap, s.jdbcUrl(), p));
                 Connection lite = DriverManager.getConnection("jdbc:sqlite:" + db); Connection pg = s.connect()) {
                capture.start();
                applier.start();
                lite.createStatement().execute("PRAGMA synchronous = NORMAL");
                long written = 0;
                for (int rate : rates) {
                    long start = System.nanoTime();
                    long n = (long) rate * seconds;
                    try (PreparedStatement ps = lite.prepareStatement("INSERT INTO events (body, n) VALUES (?, ?)")) {
                        for (long i = 0; i < n; i++) {
                            long wait = start + TimeUnit.SECONDS.toNanos(1) * i / rate - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait); // pacing the app's writes
                            }
                            ps.setString(1, "change " + (written + i));
                            ps.setLong(2, i);
                            ps.executeUpdate();
                        }
                    }
                    double achieved = n / ((System.nanoTime() - start) / 1e9);
                    written += n;
                    long lastWrite = System.nanoTime();
                    double catchUp = awaitCount(pg, written, lastWrite);
                    boolean sustained = achieved >= rate * 0.95 && catchUp <= 1.0;
                    out.printf(Locale.ROOT, "rate %,d/s: the app achieved %,.0f/s | Postgres complete %.2f s after the last write | %s%n",
                            rate, achieved, catchUp, sustained ? "sustained" : "NOT sustained");
                    if (!sustained) {
                        break;
                    }
                    best = rate;
                }
            }
            out.printf(Locale.ROOT, "highest sustained rate measured: %,d changes/s%n", best);
        }
    }

    /** Seconds from the last write until Postgres has {@code total} rows (polled every 10 ms). */
    private static double awaitCount(Connection pg, long total, long lastWrite) throws Exception {
        long deadline = lastWrite + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (ResultSet rs = pg.createStatement().executeQuery("SELECT count(*) FROM public.events")) {
                if (rs.next() && rs.getLong(1) >= total) {
                    return (System.nanoTime() - lastWrite) / 1e9;
                }
            } catch (java.sql.SQLException notYet) {
                // the table appears with the first applied batch
            }
            Thread.sleep(10); // polling Postgres; resolution well below the 1 s criterion
        }
        throw new IllegalStateException("Postgres did not catch up within 5 minutes");
    }
}
