package io.cutover.control;

import com.zaxxer.hikari.HikariDataSource;
import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFence;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.capture.json.JsonSourceView;
import io.cutover.core.http.HttpEndpoint;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.NodeScript;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The write switch on a JSON source: a Node.js app that follows {@code /v1/routing} keeps writing
 * through the switch and every order it acknowledged is in Postgres exactly once; a write made to the
 * file after the switch is held and reported as a late write, never migrated; a write made during the
 * freeze fails the switch, which unfences, and the write is then migrated.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonCutoverIT {
    private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    @BeforeAll
    static void meters() {
        Metrics.addRegistry(METRICS);
    }

    @Test
    void anAppFollowingRoutingLosesNoWriteAndALateWriteIsHeldAndReported(KafkaFixture kafka, PostgresFixture pg,
                                                                       @TempDir Path dir) throws Exception {
        try (Source s = new Source(kafka, pg, dir, "jsoncut");
             HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            s.awaitIds(100);
            CutoverController controller = s.controller(Duration.ofSeconds(30));
            assertThat(controller.state().writes()).isEqualTo("sqlite");
            http.addHandler("/v1/routing", new RoutingHandler(s.pool, controller.store(), 50, new ControlMetrics()));
            Path acks = dir.resolve("acks.txt");
            Files.createFile(acks);
            try (ExternalProcess app = script("/json-app.js").start(dir, s.data.toString(),
                    "http://127.0.0.1:" + http.port() + "/v1/routing", acks.toString())) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(Files.readAllLines(acks)).as("the app's output: %s", app.output()).hasSizeGreaterThan(30));
                controller.flipReads(true, "test");
                CutoverController.SwitchReport report = controller.switchWrites("test", () -> { });
                String out = app.awaitSuccess(Duration.ofSeconds(30));
                assertThat(out).contains("switched");
                assertThat(report.freezeSeconds()).isPositive().isLessThan(30);

                Set<Long> expected = new TreeSet<>();
                for (long i = 1; i <= 100; i++) {
                    expected.add(i);
                }
                Files.readAllLines(acks).forEach(l -> expected.add(Long.parseLong(l.trim())));
                assertThat(expected.size()).isGreaterThan(130);
                List<Long> inPostgres = s.ids();
                assertThat(inPostgres).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(inPostgres)).isEqualTo(expected);
            }

            // A write to the file after the switch: held by capture, reported, not migrated.
            double before = lateWrites(s.prefix);
            s.append(999999);
            await().atMost(Duration.ofSeconds(30)).until(() -> lateWrites(s.prefix) > before);
            assertThat(StatusReport.build(controller, s.pool, Map.of()).warnings())
                    .anySatisfy(w -> assertThat(w).contains("jsoncut/orders.json changed").contains("NOT migrated"));
            assertThat(s.ids()).doesNotContain(999999L);

            // A resnapshot asked of capture now would send the file's rows over newer writes made on
            // Postgres: capture serves it without sending anything.
            try (Connection c = pg.connection()) {
                c.createStatement().execute("UPDATE jsoncut.orders SET item = 'newer on postgres' WHERE id = 1");
            }
            String request = s.view.requestResnapshot("orders");
            await().atMost(Duration.ofSeconds(30)).until(() -> s.view.replaySettled(request));
            controller.topics().await(Duration.ofSeconds(30));
            try (Connection c = pg.connection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT item FROM jsoncut.orders WHERE id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("newer on postgres");
            }
        }
    }

    @Test
    void aFileWrittenDuringTheFreezeFailsTheSwitchUnfencedAndTheWriteIsMigrated(KafkaFixture kafka, PostgresFixture pg,
                                                                               @TempDir Path dir) throws Exception {
        try (Source s = new Source(kafka, pg, dir, "jsonfreeze")) {
            s.awaitIds(100);
            CutoverController controller = s.controller(Duration.ofSeconds(30));
            controller.flipReads(true, "test");
            s.stopApplier();
            s.append(4000); // in Kafka but not applied: the topic drain waits, the freeze lasts until the applier is back
            await().atMost(Duration.ofSeconds(30)).until(() -> s.view.captured(s.view.read("orders.json")));
            CompletableFuture<CutoverController.SwitchReport> sw = CompletableFuture.supplyAsync(() -> {
                try {
                    return controller.switchWrites("test", () -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> JsonFence.read(s.view.stateDir()).isPresent());
            assertThat(controller.state().writes()).isEqualTo(CutoverState.FROZEN);
            s.append(5000); // an app that ignores routing
            s.startApplier();

            assertThatThrownBy(sw::get).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("writes stay on the source, unfenced")
                    .hasMessageContaining("jsonfreeze/orders.json was written during the freeze");
            assertThat(JsonFence.read(s.view.stateDir())).isEmpty();
            assertThat(controller.state().phase()).isEqualTo(Phase.READS_ON_POSTGRES);
            assertThat(controller.state().writes()).isEqualTo("sqlite");
            await().atMost(Duration.ofSeconds(60)).until(() -> s.ids().containsAll(List.of(4000L, 5000L)));
        }
    }

    private static double lateWrites(String source) {
        var c = METRICS.find("cutover.capture.errors").tag("source", source).tag("kind", JsonFence.LATE_WRITE).counter();
        return c == null ? 0 : c.count();
    }

    private static NodeScript script(String resource) throws Exception {
        try (InputStream in = JsonCutoverIT.class.getResourceAsStream(resource)) {
            return new NodeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** JSON capture, the applier and the control side on one data directory of orders. */
    private static final class Source implements AutoCloseable {
        final String prefix;
        final Path data;
        final JsonSourceView view;
        final Pipeline pipeline;
        final HikariDataSource pool;
        final PostgresFixture pg;

        Source(KafkaFixture kafka, PostgresFixture pg, Path dir, String prefix) throws Exception {
            this.pg = pg;
            this.prefix = prefix;
            this.data = dir.resolve("data");
            Files.createDirectories(data);
            StringBuilder orders = new StringBuilder("[");
            for (int i = 1; i <= 100; i++) {
                orders.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"item\":\"seed-").append(i).append("\"}");
            }
            Files.writeString(data.resolve("orders.json"), orders.append("]").toString());
            List<JsonFileMapping> files = List.of(new JsonFileMapping("orders.json", "orders", List.of("id"), "array",
                    Map.of(), List.of(), false, 0.5));
            view = new JsonSourceView(prefix, data, files, CaptureSettings.jsonStateDir(dir.resolve("state"), prefix));
            pipeline = new Pipeline(kafka, pg, null, prefix, new CaptureSettings(kafka.bootstrapServers(), Map.of(), prefix,
                    1, (short) 1, Duration.ofHours(1), dir.resolve("state"), List.of(), 100, 200, Duration.ofMillis(20),
                    List.of(new CaptureSettings.JsonDir(prefix, data, files))));
            pool = pipeline.pool;
        }

        void stopApplier() {
            pipeline.stopApplier();
        }

        void startApplier() throws Exception {
            pipeline.startApplier();
        }

        CutoverController controller(Duration drainTimeout) {
            return new CutoverController(pool, pipeline.admin, pipeline.control, new ControlSettings(prefix,
                    prefix + "-applier", Map.of(), drainTimeout, 100, Duration.ofHours(1), List.of(view),
                    Duration.ofMillis(300)));
        }

        /** Appends an order the way an app that ignores routing would: a whole-file rewrite. */
        void append(long id) throws Exception {
            String content = Files.readString(data.resolve("orders.json"));
            Files.writeString(data.resolve("orders.json"), content.replaceFirst("]\\s*$",
                    ",{\"id\":" + id + ",\"item\":\"by hand\"}]"));
        }

        List<Long> ids() throws Exception {
            List<Long> out = new ArrayList<>();
            try (Connection c = pg.connection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT id FROM " + prefix + ".orders ORDER BY id")) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }

        void awaitIds(int n) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> ids().size() == n);
        }

        @Override
        public void close() {
            pipeline.close();
        }
    }
}
