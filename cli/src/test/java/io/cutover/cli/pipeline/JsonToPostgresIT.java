package io.cutover.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.NodeScript;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON files to Postgres end to end: a Node.js app rewrites three data files at a high rate (in place
 * with fs.writeFileSync, and write-temp-then-rename) while capture and the applier run, and every
 * table ends equal to the last contents of the files, compared independently (plain Jackson on the
 * files, {@code to_jsonb} on Postgres).
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonToPostgresIT {
    static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    static {
        Metrics.addRegistry(METRICS);
    }

    private static final List<JsonFileMapping> FILES = List.of(
            new JsonFileMapping("users.json", "users", List.of("id"), "array", Map.of(), List.of(
                    new JsonFileMapping.Child("onboarding", "user_onboarding", List.of("user_id"), List.of()),
                    new JsonFileMapping.Child("devices", "user_devices", List.of("user_id"), List.of("device_id"))),
                    false, 0.5),
            new JsonFileMapping("contracts.json", "contracts", List.of("id"), "object", Map.of(), List.of(), false, 0.5),
            new JsonFileMapping("chat-threads.json", "chat_threads", List.of("thread_id"), "/data/threads", Map.of(),
                    List.of(), false, 0.5));

    private static NodeScript writer() throws Exception {
        try (var in = JsonToPostgresIT.class.getResourceAsStream("json-app-writer.js")) {
            return new NodeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Map<String, List<String>> expected(Path data) throws Exception {
        Map<String, List<String>> t = new LinkedHashMap<>();
        List<String> users = new ArrayList<>();
        List<String> onboarding = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        for (JsonNode u : JsonRows.read(data.resolve("users.json"))) {
            users.add(JsonRows.row((ObjectNode) u, Map.of(), "onboarding", "devices"));
            Map<String, JsonNode> parent = Map.of("user_id", u.get("id"));
            if (u.hasNonNull("onboarding")) {
                onboarding.add(JsonRows.row((ObjectNode) u.get("onboarding"), parent));
            }
            for (JsonNode d : u.path("devices")) {
                devices.add(JsonRows.row((ObjectNode) d, parent));
            }
        }
        t.put("users", users);
        t.put("user_onboarding", onboarding);
        t.put("user_devices", devices);
        List<String> contracts = new ArrayList<>();
        JsonRows.read(data.resolve("contracts.json")).fields().forEachRemaining(e ->
                contracts.add(JsonRows.row((ObjectNode) e.getValue(), Map.of("id", TextNode.valueOf(e.getKey())))));
        t.put("contracts", contracts);
        List<String> threads = new ArrayList<>();
        JsonRows.read(data.resolve("chat-threads.json")).at("/data/threads")
                .forEach(th -> threads.add(JsonRows.row((ObjectNode) th)));
        t.put("chat_threads", threads);
        t.values().forEach(l -> l.sort(null));
        return t;
    }

    private static void awaitEqual(PostgresFixture pg, String schema, Path data) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            Map<String, List<String>> want = expected(data);
            try (Connection c = pg.connection()) {
                for (var e : want.entrySet()) {
                    assertThat(JsonRows.postgres(c, schema, e.getKey())).as("table %s", e.getKey()).isEqualTo(e.getValue());
                }
            }
        });
    }

    private static CaptureSettings capture(KafkaFixture kafka, Path dir, String prefix) {
        return new CaptureSettings(kafka.bootstrapServers(), Map.of(), prefix, 2, (short) 1, Duration.ofHours(1),
                dir.resolve("state"), List.of(), 100, 200, Duration.ofMillis(50),
                List.of(new CaptureSettings.JsonDir("files", dir.resolve("data"), FILES)));
    }

    private static ApplierSettings applier(KafkaFixture kafka, PostgresFixture pg, String prefix) {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        return new ApplierSettings(kafka.bootstrapServers(), Map.of(), prefix, prefix + "-applier", pg.jdbcUrl(), p,
                prefix, "cutover_" + prefix, Map.of(), ApplierSettings.ErrorsMode.STOP, 500, Duration.ofMillis(100));
    }

    @Test
    void postgresEndsEqualToTheLastContentsOfEveryFileWhileANodeAppRewritesThem(KafkaFixture kafka, PostgresFixture pg,
                                                                               @TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        writer().run(data, data.toString(), "30", "1");
        String prefix = "jp" + UUID.randomUUID().toString().substring(0, 6);
        try (CaptureRunner capture = new CaptureRunner(capture(kafka, dir, prefix));
             Applier applier = new Applier(applier(kafka, pg, prefix))) {
            capture.start();
            applier.start();
            try (ExternalProcess busy = writer().start(data, data.toString(), "1500", "2")) {
                busy.awaitSuccess(Duration.ofMinutes(3));
            }
            awaitEqual(pg, prefix, data);
            try (Connection c = pg.connection()) {
                assertThat(JsonRows.postgres(c, prefix, "user_devices")).as("the child table was filled").isNotEmpty();
            }
            assertThat(applier.state()).isEqualTo(Applier.State.RUNNING);
            assertThat(capture.state()).isEqualTo(CaptureRunner.State.STREAMING);
            for (JsonFileMapping f : FILES) {
                assertThat(METRICS.find("cutover.capture.held.deletes").tags("source", "files", "file", f.file())
                        .gauge().value()).as("deletes held for %s", f.file()).isZero();
            }
        }
    }

    @Test
    void aFileLeftTruncatedOrInvalidDeletesNothingInPostgresAndCaptureRecovers(KafkaFixture kafka, PostgresFixture pg,
                                                                             @TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        writer().run(data, data.toString(), "40", "3");
        String prefix = "jt" + UUID.randomUUID().toString().substring(0, 6);
        try (CaptureRunner capture = new CaptureRunner(capture(kafka, dir, prefix));
             Applier applier = new Applier(applier(kafka, pg, prefix))) {
            capture.start();
            applier.start();
            awaitEqual(pg, prefix, data);
            Map<String, List<String>> before = expected(data);
            String valid = Files.readString(data.resolve("users.json"));
            double errors = parseErrors();
            Files.writeString(data.resolve("users.json"), valid.substring(0, valid.length() / 2)); // truncated
            await().atMost(Duration.ofSeconds(30)).until(() -> parseErrors() > errors + 3);
            Files.writeString(data.resolve("users.json"), "");
            double empty = parseErrors();
            await().atMost(Duration.ofSeconds(30)).until(() -> parseErrors() > empty + 3);
            try (Connection c = pg.connection()) {
                assertThat(JsonRows.postgres(c, prefix, "users")).as("nothing deleted while unreadable").isEqualTo(before.get("users"));
                assertThat(JsonRows.postgres(c, prefix, "user_devices")).isEqualTo(before.get("user_devices"));
            }
            Files.writeString(data.resolve("users.json"), valid); // the app saves again from its memory
            writer().run(data, data.toString(), "5", "5");
            awaitEqual(pg, prefix, data);
            assertThat(capture.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }

    private static double parseErrors() {
        var c = METRICS.find("cutover.capture.errors").tags("source", "files", "kind", "parse").counter();
        return c == null ? 0 : c.count();
    }
}
