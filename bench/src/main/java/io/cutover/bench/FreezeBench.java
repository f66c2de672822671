package io.cutover.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.control.ControlMetrics;
import io.cutover.control.ControlSettings;
import io.cutover.control.CutoverController;
import io.cutover.control.RoutingHandler;
import io.cutover.core.control.ControlSchema;
import io.cutover.core.http.HttpEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The write freeze of {@code switch-writes} with an app writing at a steady rate: the freeze as
 * Cutover measures it (fence to flip), and as the app sees it (the longest gap between two of its
 * acknowledged writes). Capture, applier and routing run with their production defaults.
 */
final class FreezeBench {
    private final int rate;
    private final int seconds;

    FreezeBench(boolean quick) {
        this.rate = 500;
        this.seconds = quick ? 3 : 10;
    }

    void run(PrintStream out) throws Exception {
        try (BenchServices s = new BenchServices()) {
            Path dir = Files.createTempDirectory("cutover-freeze-");
            Path db = dir.resolve("app.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER, body TEXT)");
                st.execute("WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 10000) "
                        + "INSERT INTO events (account_id, body) SELECT x % 100, 'seed ' || x FROM i");
            }
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            CaptureSettings cs = CaptureSettings.of(s.bootstrap, dir.resolve("state"),
                    List.of(new CaptureSettings.Sqlite("app", db, List.of(), List.of(), false)));
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(s.jdbcUrl());
            hc.setDataSourceProperties(p);
            ControlSchema control = new ControlSchema("cutover");
            try (CaptureRunner capture = new CaptureRunner(cs);
                 Applier applier = new Applier(ApplierSettings.of(s.bootstrap, s.jdbcUrl(), p));
                 HikariDataSource pool = new HikariDataSource(hc);
                 Admin admin = Admin.create(Map.of("bootstrap.servers", s.bootstrap));
                 HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                capture.start();
                applier.start();
                CutoverController controller = new CutoverController(pool, admin, control,
                        new ControlSettings("cutover", "cutover-applier", Map.of("app", db), Duration.ofSeconds(30), 1000,
                                Duration.ofHours(1)));
                controller.state();
                http.addHandler("/v1/routing", new RoutingHandler(pool, controller.store(), 200, new ControlMetrics()));
                awaitCaughtUp(controller);
                controller.flipReads(true, "bench"); // the gate wants a reconcile pass; not what is measured here
                try (RoutedWriter app = new RoutedWriter(db, URI.create("http://127.0.0.1:" + http.port() + "/v1/routing"),
                        () -> pool.getConnection(), rate)) {
                    Thread.sleep(seconds * 1000L); // steady load before the switch
                    CutoverController.SwitchReport r = controller.switchWrites("bench", () -> { });
                    Thread.sleep(seconds * 1000L); // and after it
                    app.stop();
                    out.printf(Locale.ROOT, "== write freeze with an app writing at %d writes/s (achieved %.0f/s; capture, "
                                    + "applier and routing at their defaults): fence to flip %.0f ms | the app's longest gap "
                                    + "between acknowledged writes %.0f ms | %d writes rejected by the fence and retried | "
                                    + "target < 1000 ms %s%n", rate, app.acknowledged() / (2.0 * seconds),
                            r.freezeSeconds() * 1000, app.longestGapMillis(), app.rejected(),
                            r.freezeSeconds() < 1 ? "met" : "NOT met");
                    r.steps().forEach(step -> out.println("   " + step));
                }
            }
        }
    }

    private static void awaitCaughtUp(CutoverController controller) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            var lag = controller.topics().lag();
            if (!lag.isEmpty() && lag.values().stream().allMatch(l -> l == 0)) {
                return;
            }
            Thread.sleep(100); // waiting for the initial sync; the figure is taken later
        }
        throw new IllegalStateException("the pipeline did not catch up within 2 minutes");
    }
}
