package io.cutover.reverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.capture.json.JsonSourceView;
import io.cutover.control.ControlMetrics;
import io.cutover.control.ControlSettings;
import io.cutover.control.CutoverController;
import io.cutover.control.MigratedTables;
import io.cutover.control.RoutingHandler;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.control.ControlSchema;
import io.cutover.core.http.HttpEndpoint;
import io.cutover.reconciler.ReconcilerSettings;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.NodeScript;
import io.cutover.testkit.PostgresFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/**
 * The forward pipeline on one JSON source (capture of {@code orders.json}, records under
 * {@code /data/orders}, and {@code users.json}, an object keyed by id), the control side with the
 * routing endpoint, the reconciler's settings, and the reverse path writing back to the files.
 */
final class JsonPipeline implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final String prefix;
    final Path data;
    final JsonSourceView view;
    final HikariDataSource pool;
    final Admin admin;
    final ControlSchema control;
    final ReverseSettings reverse;
    final ReconcilerSettings reconciler;
    final ReversePath reversePath;
    final HttpEndpoint http;
    final URI routing;
    private final PostgresFixture pg;
    private final CaptureRunner capture;
    private final Applier applier;

    JsonPipeline(KafkaFixture kafka, PostgresFixture pg, Path dir, String prefix, int seedOrders) throws Exception {
        this.pg = pg;
        this.prefix = prefix;
        this.control = new ControlSchema(prefix + "_control");
        this.data = dir.resolve("data");
        Files.createDirectories(data);
        StringBuilder orders = new StringBuilder("{\n  \"version\": 3,\n  \"data\": {\n    \"orders\": [");
        for (int i = 1; i <= seedOrders; i++) {
            orders.append(i > 1 ? "," : "").append("\n      {\n        \"id\": ").append(i).append(",\n        \"item\": \"seed-")
                    .append(i).append("\",\n        \"qty\": ").append(i % 7).append(",\n        \"paid\": ").append(i % 2 == 0)
                    .append(",\n        \"price\": 12.5,\n        \"meta\": {\n          \"tags\": [\n            \"s\"\n          ]\n        }\n      }");
        }
        orders.append("\n    ]\n  },\n  \"footer\": \"kept as it is\"\n}\n");
        Files.writeString(data.resolve("orders.json"), orders);
        Files.writeString(data.resolve("users.json"), "{\"u1\":{\"name\":\"Ann\",\"active\":true},\"u2\":{\"name\":\"Bob\","
                + "\"active\":false},\"u3\":{\"name\":\"Cy\",\"active\":true}}");
        List<JsonFileMapping> files = List.of(
                new JsonFileMapping("orders.json", "orders", List.of("id"), "/data/orders", Map.of(), List.of(), false, 0.9),
                new JsonFileMapping("users.json", "users", List.of("id"), "object", Map.of(), List.of(), false, 0.9));
        Path state = dir.resolve("state");
        view = new JsonSourceView(prefix, data, files, CaptureSettings.jsonStateDir(state, prefix));
        capture = new CaptureRunner(new CaptureSettings(kafka.bootstrapServers(), Map.of(), prefix, 1, (short) 1,
                Duration.ofHours(1), state, List.of(), 100, 200, Duration.ofMillis(20),
                List.of(new CaptureSettings.JsonDir(prefix, data, files))));
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl());
        hc.setDataSourceProperties(driverProps());
        hc.setMaximumPoolSize(4);
        pool = new HikariDataSource(hc);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        reverse = new ReverseSettings(kafka.bootstrapServers(), Map.of(), prefix, DatabaseUrl.parse(pg.databaseUrl()),
                prefix + "_control", prefix + "_slot", prefix + "_pub", dir.resolve("reverse-state"), Map.of(),
                Map.of(prefix, view), Duration.ofSeconds(90));
        reconciler = new ReconcilerSettings(kafka.bootstrapServers(), Map.of(), prefix + "-applier", pg.jdbcUrl(),
                driverProps(), prefix + "_control", List.of(), Duration.ofMillis(200), Duration.ofSeconds(1), 500, false,
                Duration.ofSeconds(2), List.of(new ReconcilerSettings.JsonSource(prefix, view)));
        reversePath = new ReversePath(reverse, pool, admin);
        capture.start();
        applier = new Applier(new ApplierSettings(kafka.bootstrapServers(), Map.of(), prefix, prefix + "-applier",
                pg.jdbcUrl(), driverProps(), prefix, prefix + "_control", Map.of(), ApplierSettings.ErrorsMode.STOP, 10_000,
                Duration.ofMillis(20)));
        applier.start();
        http = HttpEndpoint.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        CutoverController controller = controller();
        controller.state();
        try (Connection c = pool.getConnection()) {
            controller.store().ensure(c); // the state table the routing reads
        }
        http.addHandler("/v1/routing", new RoutingHandler(pool, controller.store(), 50, new ControlMetrics()));
        routing = URI.create("http://127.0.0.1:" + http.port() + "/v1/routing");
    }

    Properties driverProps() {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        return p;
    }

    CutoverController controller() {
        return new CutoverController(pool, admin, control, new ControlSettings(prefix, prefix + "-applier", Map.of(),
                Duration.ofSeconds(60), 100, Duration.ofHours(1), List.of(view), Duration.ofMillis(300)));
    }

    /** Flips reads and switches writes, creating the slot while frozen, as switch-writes does with reverse.enabled. */
    double switchWrites() throws Exception {
        CutoverController controller = controller();
        controller.flipReads(true, "test");
        return controller.switchWrites("test", () -> {
            try (Connection c = pool.getConnection()) {
                new ReplicationSetup(control, reverse.slotName(), reverse.publication()).create(c, MigratedTables.load(c, control));
            }
        }).freezeSeconds();
    }

    void startReverse() throws Exception {
        reversePath.tick();
        if (!reversePath.running()) {
            throw new IllegalStateException("the reverse path did not start: is the phase writes_on_postgres?");
        }
    }

    void stopReverse() {
        reversePath.stop();
    }

    ReverseRollback rollback() {
        return new ReverseRollback(pool, admin, reverse);
    }

    /** Waits until everything committed on Postgres so far is in the files. */
    void drain() throws Exception {
        try (Connection c = pool.getConnection()) {
            new ReverseDrain(reverse, admin).await(c, Duration.ofSeconds(90));
        }
    }

    JsonNode file(String name) throws Exception {
        return JSON.readTree(data.resolve(name).toFile());
    }

    /** Order ids in the file, in file order. */
    List<Long> fileIds() throws Exception {
        List<Long> out = new ArrayList<>();
        file("orders.json").at("/data/orders").forEach(o -> out.add(o.get("id").asLong()));
        return out;
    }

    List<String> pgRows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    List<Long> pgIds() throws Exception {
        return pgRows("SELECT id FROM " + prefix + ".orders ORDER BY id").stream().map(Long::parseLong).toList();
    }

    /** Waits until Postgres has exactly the file's orders. */
    void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() ->
                pgIds().equals(fileIds().stream().sorted().toList()));
    }

    static NodeScript script(String resource) throws Exception {
        try (InputStream in = JsonPipeline.class.getResourceAsStream(resource)) {
            return new NodeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        reversePath.close();
        applier.close();
        capture.close();
        http.close();
        admin.close();
        pool.close();
    }
}
