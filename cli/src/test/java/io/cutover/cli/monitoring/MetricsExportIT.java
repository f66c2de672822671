package io.cutover.cli.monitoring;

import io.cutover.cli.Main;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running pipeline ({@code cutover run} as its own process, SQLite and JSON sources, the reconciler
 * repairing) exports every metric family that monitoring/metrics.txt declares, which the alert rules
 * and the dashboard use, and no cutover_ family it does not declare; and a real Prometheus (Debian's
 * package) scraping it reads {@code cutover_applier_lag_seconds} back through its HTTP API.
 */
@ExtendWith(PostgresExtension.class)
class MetricsExportIT {
    private static final Pattern FAMILY = Pattern.compile("^# TYPE (\\S+) (\\w+)", Pattern.MULTILINE);

    @Test
    void aRunningPipelineExportsExactlyTheDeclaredMetricsAndPrometheusReadsThem(PostgresFixture pg, @TempDir Path dir)
            throws Exception {
        int httpPort = freePort();
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
                + "INSERT INTO users (name) VALUES ('ada'), ('grace'), ('edsger');\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("items.json"), "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
        Path config = dir.resolve("cutover.yml");
        Files.writeString(config, "state-dir: " + dir.resolve("state") + "\n"
                + "http:\n  port: " + httpPort + "\n"
                + "reconciler:\n  interval: 1s\n  full-pass-interval: 2s\n  repair: true\n"
                + "sources:\n  - name: app\n    sqlite: " + db + "\n"
                + "  - name: files\n    json-dir: " + data + "\n    files:\n      - file: items.json\n        key: id\n");
        Path log = dir.resolve("run.log");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName(), "run", "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DATABASE_URL", pg.databaseUrl());
        Process run = pb.start();
        Process prometheus = null;
        HttpClient http = HttpClient.newHttpClient();
        try {
            URI metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                assertThat(run.isAlive()).as("cutover run is alive; output: %s", Files.readString(log)).isTrue();
                assertThat(get(http, metrics)).contains("cutover_reconcile_last_clean_pass_timestamp_seconds{table=\"users\"}");
            });
            // Make every kind of event happen once: a dead letter, a held mass delete and a JSON parse
            // error, and a change behind the pipeline's back that the reconciler confirms and repairs.
            shell.run("INSERT INTO users (name) VALUES ('nul ' || char(0) || ' inside');");
            Files.writeString(data.resolve("items.json"), "[{\"id\":1}]");
            try (Connection c = pg.connection()) {
                c.createStatement().execute("UPDATE public.users SET name = 'changed behind the back' WHERE id = 1");
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(get(http, metrics)).contains("cutover_capture_held_deletes{file=\"items.json\",source=\"files\"} 3.0"));
            Files.writeString(data.resolve("items.json"), "[{\"id\":1}, {\"id\":"); // a partial write
            Set<String> declared = declared();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                Set<String> exported = families(get(http, metrics));
                assertThat(exported).as("every family in monitoring/metrics.txt is exported").containsAll(declared);
            });
            assertThat(get(http, metrics)).contains("cutover_capture_errors_total{kind=\"parse\",source=\"files\"}");
            Set<String> undeclared = families(get(http, metrics)).stream().filter(f -> f.startsWith("cutover_"))
                    .filter(f -> !declared.contains(f)).collect(Collectors.toCollection(TreeSet::new));
            assertThat(undeclared).as("cutover_ families exported but not in monitoring/metrics.txt").isEmpty();

            prometheus = startPrometheus(dir, httpPort);
            int promPort = Integer.parseInt(Files.readString(dir.resolve("prometheus.port")).strip());
            URI query = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("cutover_applier_lag_seconds", StandardCharsets.UTF_8));
            Process p = prometheus;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(p.isAlive()).isTrue();
                String body = get(http, query);
                assertThat(body).contains("\"status\":\"success\"").contains("\"__name__\":\"cutover_applier_lag_seconds\"")
                        .contains("\"table\":\"users\"");
            });
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(30, TimeUnit.SECONDS);
            }
            run.destroy();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run stops on SIGTERM").isTrue();
        }
    }

    /** Debian's prometheus, scraping the pipeline every second, on a free loopback port. */
    private static Process startPrometheus(Path dir, int target) throws IOException {
        Path bin = Path.of("/usr/bin/prometheus");
        assertThat(bin).as("Prometheus is needed for this test: apt-get install -y prometheus").exists();
        int port = freePort();
        Files.writeString(dir.resolve("prometheus.port"), Integer.toString(port));
        Path cfg = dir.resolve("prometheus.yml");
        Files.writeString(cfg, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: cutover\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + target + "']\n");
        return new ProcessBuilder(bin.toString(), "--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private static Set<String> declared() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("monitoring/metrics.txt"))) {
            root = root.getParent();
        }
        assertThat(root).as("monitoring/metrics.txt above the working directory").isNotNull();
        // Reverse replication runs only after a write switch, which this pipeline never makes; its
        // families are checked by reverse's ReverseReplicationIT.
        return Files.readAllLines(root.resolve("monitoring/metrics.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("cutover_reverse_"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Metric family names in Prometheus text format. Micrometer publishes a timer's maximum as a gauge
     * family of its own ({@code <timer>_max}); it belongs to the timer, as metrics.txt lists it.
     */
    private static Set<String> families(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = FAMILY.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        out.removeIf(f -> f.endsWith("_max") && out.contains(f.substring(0, f.length() - 4)));
        return out;
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
