package io.cutover.capture.it;

import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.TopicNames;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** JSON file capture against a real broker: what reaches the topics, across partial writes and restarts. */
@ExtendWith(KafkaExtension.class)
class JsonCaptureIT {
    static String bootstrap;
    static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    @BeforeAll
    static void kafka(KafkaFixture kafka) {
        bootstrap = kafka.bootstrapServers();
        Metrics.addRegistry(METRICS);
    }

    private CaptureSettings settings(String prefix, String source, List<JsonFileMapping> files) {
        return new CaptureSettings(bootstrap, Map.of(), prefix, 2, (short) 1, Duration.ofHours(1), dir.resolve("state"),
                List.of(), 100, 100, Duration.ofMillis(50), List.of(new CaptureSettings.JsonDir(source, dir.resolve("data"), files)));
    }

    private void replace(String file, String json) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path tmp = dir.resolve("data").resolve("." + file + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, dir.resolve("data").resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String users(int from, int to, String suffix) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i <= to; i++) {
            sb.append(i == from ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"u").append(i).append(suffix)
                    .append("\",\"prefs\":{\"dark\":").append(i % 2 == 0).append("}}");
        }
        return sb.append("]").toString();
    }

    private static Map<String, String> topicRows(String prefix, String source, String table) {
        return TopicState.read(bootstrap, TopicNames.forTable(prefix, source, table)).rows;
    }

    private static void awaitRows(String prefix, String source, String table, Map<String, String> expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(topicRows(prefix, source, table)).isEqualTo(expected));
    }

    private static Map<String, String> expectedUsers(int from, int to, String suffix) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = from; i <= to; i++) {
            m.put("{\"id\":" + i + "}", "{\"id\":" + i + ",\"name\":\"u" + i + suffix + "\",\"prefs\":{\"$json\":\"{\\\"dark\\\":"
                    + (i % 2 == 0) + "}\"}}");
        }
        return m;
    }

    private double errors(String source, String kind) {
        var c = METRICS.find("cutover.capture.errors").tags("source", source, "kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void rewrittenFilesReachTheTopicsWithSchemaHeaders() throws Exception {
        String prefix = "j" + UUID.randomUUID().toString().substring(0, 8);
        replace("users.json", users(1, 20, ""));
        // What editors and apps leave beside data files: never tables, never parse errors.
        for (String junk : List.of(".users.json.swp", "users.json~", "#users.json#", "users.tmp.json", "users.json.bak")) {
            Files.writeString(dir.resolve("data").resolve(junk), "[{\"id\": 1, \"half-writ");
        }
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "app", List.of()))) {
            runner.start();
            awaitRows(prefix, "app", "users", expectedUsers(1, 20, ""));
            assertThat(errors("app", "parse")).as("swap, backup and temp files are not read").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.state() == CaptureRunner.State.STREAMING);
            Files.writeString(dir.resolve("data/users.json"), users(1, 25, "b")); // whole-file rewrite in place
            awaitRows(prefix, "app", "users", expectedUsers(1, 25, "b"));
            TopicState t = TopicState.read(bootstrap, TopicNames.forTable(prefix, "app", "users"));
            assertThat(t.missingHeaders).isZero();
            TableSchema s = t.schemas.values().iterator().next();
            assertThat(s.connector()).isEqualTo("jsonfile");
            assertThat(s.primaryKey()).containsExactly("id");
            assertThat(t.events.values().iterator().next().source().connector()).isEqualTo("jsonfile");
        }
    }

    @Test
    void aTruncatedOrInvalidFileSendsNoDeletesAndCaptureRecoversWhenItIsValidAgain() throws Exception {
        String prefix = "j" + UUID.randomUUID().toString().substring(0, 8);
        replace("users.json", users(1, 10, ""));
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "bad", List.of()))) {
            runner.start();
            awaitRows(prefix, "bad", "users", expectedUsers(1, 10, ""));
            double before = errors("bad", "parse");
            Files.writeString(dir.resolve("data/users.json"), ""); // truncate-then-write, caught mid-way
            await().atMost(Duration.ofSeconds(20)).until(() -> errors("bad", "parse") > before + 2);
            double truncated = errors("bad", "parse");
            Files.writeString(dir.resolve("data/users.json"), users(1, 3, "").substring(0, 40)); // invalid JSON
            await().atMost(Duration.ofSeconds(20)).until(() -> errors("bad", "parse") > truncated + 2);
            TopicState mid = TopicState.read(bootstrap, TopicNames.forTable(prefix, "bad", "users"));
            assertThat(mid.tombstones).as("no delete left an unreadable file").isZero();
            assertThat(mid.rows).isEqualTo(expectedUsers(1, 10, ""));
            assertThat(runner.state()).isEqualTo(CaptureRunner.State.STREAMING);
            Files.writeString(dir.resolve("data/users.json"), users(2, 11, "c"));
            awaitRows(prefix, "bad", "users", expectedUsers(2, 11, "c"));
        }
    }

    @Test
    void changesMadeWhileCaptureWasStoppedAllArriveAfterTheRestart() throws Exception {
        String prefix = "j" + UUID.randomUUID().toString().substring(0, 8);
        replace("users.json", users(1, 10, ""));
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "down", List.of()))) {
            runner.start();
            awaitRows(prefix, "down", "users", expectedUsers(1, 10, ""));
        }
        replace("users.json", users(5, 14, "x")); // 4 deleted, 6 updated, 4 added
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "down", List.of()))) {
            runner.start();
            awaitRows(prefix, "down", "users", expectedUsers(5, 14, "x"));
        }
    }

    @Test
    void fileStatesOlderThanTheFlushedOffsetArePrunedSoTheStateDirectoryDoesNotGrow() throws Exception {
        String prefix = "j" + UUID.randomUUID().toString().substring(0, 8);
        replace("users.json", users(1, 10, ""));
        Path states = dir.resolve("state").resolve("prune.files");
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "prune", List.of()))) {
            runner.start();
            for (int i = 0; i < 6; i++) {
                replace("users.json", users(1, 10, "v" + i));
                awaitRows(prefix, "prune", "users", expectedUsers(1, 10, "v" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (var files = Files.list(states)) {
                    return files.filter(f -> f.getFileName().toString().endsWith(".state")).count() <= 2;
                }
            });
        }
    }

    @Test
    void aFileWithoutRecordsDoesNotStopCapture() throws Exception {
        String prefix = "j" + UUID.randomUUID().toString().substring(0, 8);
        replace("empty.json", "[]");
        replace("users.json", users(1, 3, ""));
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "empty", List.of()))) {
            runner.start();
            awaitRows(prefix, "empty", "users", expectedUsers(1, 3, ""));
            replace("empty.json", "[{\"id\":1}]");
            awaitRows(prefix, "empty", "empty", Map.of("{\"id\":1}", "{\"id\":1}"));
            assertThat(runner.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }

    @Test
    void aMassDeleteIsHeldUntilReleased() throws Exception {
        String prefix = "j" + UUID.randomUUID().toString().substring(0, 8);
        replace("users.json", users(1, 10, ""));
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "mass", List.of()))) {
            runner.start();
            awaitRows(prefix, "mass", "users", expectedUsers(1, 10, ""));
            replace("users.json", users(1, 2, "z")); // 8 of 10 gone: held; the 2 updates flow
            Map<String, String> held = new java.util.HashMap<>(expectedUsers(1, 10, ""));
            held.putAll(expectedUsers(1, 2, "z"));
            awaitRows(prefix, "mass", "users", held);
            await().atMost(Duration.ofSeconds(10)).until(() -> METRICS.find("cutover.capture.held.deletes")
                    .tags("source", "mass", "file", "users.json").gauge().value() == 8.0);
            assertThat(TopicState.read(bootstrap, TopicNames.forTable(prefix, "mass", "users")).tombstones).isZero();
        }
        var release = new JsonFileMapping("users.json", "users", List.of("id"), "array", null, null, true, 0.5);
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, "mass", List.of(release)))) {
            runner.start();
            awaitRows(prefix, "mass", "users", expectedUsers(1, 2, "z"));
        }
    }
}
