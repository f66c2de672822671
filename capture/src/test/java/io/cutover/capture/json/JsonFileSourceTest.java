package io.cutover.capture.json;

import io.cutover.capture.CaptureMetrics;
import io.cutover.core.event.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The file source without Kafka: versions, restart consistency, partial writes, mass deletes. */
class JsonFileSourceTest {
    @TempDir
    Path dir;

    private JsonFileSource source(long acked, List<JsonFileMapping> files) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        var cfg = new JsonFileConnectorConfig("app", dir.resolve("data"), "t", dir.resolve("state"), files, 10, 0);
        return new JsonFileSource(cfg, new CaptureMetrics("app"), acked);
    }

    private void write(String name, String json) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path tmp = dir.resolve("data").resolve(name + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, dir.resolve("data").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonFileSource.Batch awaitBatch(JsonFileSource s) {
        JsonFileSource.Batch[] b = new JsonFileSource.Batch[1];
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> (b[0] = s.next(System.currentTimeMillis())) != null);
        return b[0];
    }

    private static final io.micrometer.core.instrument.simple.SimpleMeterRegistry METRICS = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    static {
        io.micrometer.core.instrument.Metrics.addRegistry(METRICS);
    }

    private static double errors(String kind) {
        var c = METRICS.find("cutover.capture.errors").tags("source", "app", "kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    private static Map<Op, Long> ops(JsonFileSource.Batch b) {
        return b.emits().stream().collect(java.util.stream.Collectors.groupingBy(e -> e.event().op(),
                java.util.stream.Collectors.counting()));
    }

    @Test
    void aCrashBeforeTheOffsetWasFlushedReemitsTheChangeInsteadOfLosingIt() throws Exception {
        write("users.json", "[{\"id\":1,\"n\":\"a\"},{\"id\":2,\"n\":\"b\"}]");
        try (JsonFileSource s = source(0, List.of())) {
            JsonFileSource.Batch first = awaitBatch(s);
            assertThat(first.version()).isEqualTo(1);
            assertThat(ops(first)).containsEntry(Op.READ, 2L);
            write("users.json", "[{\"id\":1,\"n\":\"a2\"}]");
            JsonFileSource.Batch second = awaitBatch(s);
            assertThat(second.version()).isEqualTo(2);
            assertThat(ops(second)).containsEntry(Op.UPDATE, 1L).containsEntry(Op.DELETE, 1L);
        }
        // Only version 1 was acknowledged and flushed: the restart diffs against state 1, so both changes come again.
        try (JsonFileSource s = source(1, List.of())) {
            JsonFileSource.Batch again = awaitBatch(s);
            assertThat(again.version()).as("seq never reused").isGreaterThan(2);
            assertThat(ops(again)).containsEntry(Op.UPDATE, 1L).containsEntry(Op.DELETE, 1L);
        }
    }

    @Test
    void reverseReplicationsOwnRewriteIsHeldWithoutCountingALateWriteAndSentOnlyOnceUnfenced() throws Exception {
        write("users.json", "[{\"id\":1,\"n\":\"a\"}]");
        try (JsonFileSource s = source(0, List.of())) {
            awaitBatch(s);
            Path state = dir.resolve("state");
            JsonFence.install(state, Map.of("users.json", JsonFence.digest(Files.readAllBytes(dir.resolve("data/users.json")))));
            String own = "[{\"id\":1,\"n\":\"from postgres\"}]";
            JsonFence.recordOwnWrite(state, "users.json", JsonFence.digest(own.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            double late = errors(JsonFence.LATE_WRITE);
            write("users.json", own);
            await().during(java.time.Duration.ofMillis(1500)).atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> s.next(System.currentTimeMillis()) == null && errors(JsonFence.LATE_WRITE) == late);
            write("users.json", "[{\"id\":1,\"n\":\"by hand\"}]");
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> s.next(System.currentTimeMillis()) == null
                    && errors(JsonFence.LATE_WRITE) > late);
            write("users.json", own);
            JsonFence.remove(state);
            assertThat(ops(awaitBatch(s))).containsOnly(Map.entry(Op.UPDATE, 1L));
        }
    }

    @Test
    void aRestartAfterTheFlushEmitsOnlyWhatChangedWhileCaptureWasDown() throws Exception {
        write("users.json", "[{\"id\":1,\"n\":\"a\"},{\"id\":2,\"n\":\"b\"},{\"id\":3,\"n\":\"c\"}]");
        long v;
        try (JsonFileSource s = source(0, List.of())) {
            v = awaitBatch(s).version();
        }
        write("users.json", "[{\"id\":1,\"n\":\"a\"},{\"id\":2,\"n\":\"B\"},{\"id\":4,\"n\":\"d\"}]");
        try (JsonFileSource s = source(v, List.of())) {
            JsonFileSource.Batch b = awaitBatch(s);
            assertThat(ops(b)).containsOnly(Map.entry(Op.CREATE, 1L), Map.entry(Op.UPDATE, 1L), Map.entry(Op.DELETE, 1L));
        }
    }

    @Test
    void aPartialWriteKeepsTheLastStateAndEmitsNoDeletes() throws Exception {
        write("users.json", "[{\"id\":1},{\"id\":2}]");
        try (JsonFileSource s = source(0, List.of())) {
            awaitBatch(s);
            Files.writeString(dir.resolve("data/users.json"), "[{\"id\":1},");
            double before = errors("parse");
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> s.next(System.currentTimeMillis()) == null
                    && errors("parse") > before);
            Files.writeString(dir.resolve("data/users.json"), "");
            double truncated = errors("parse");
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> s.next(System.currentTimeMillis()) == null
                    && errors("parse") > truncated);
            write("users.json", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
            JsonFileSource.Batch b = awaitBatch(s);
            assertThat(ops(b)).containsOnly(Map.entry(Op.CREATE, 1L));
        }
    }

    @Test
    void aChangeDeletingMoreThanHalfTheRecordsIsHeldButItsUpsertsFlow() throws Exception {
        write("users.json", "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
        try (JsonFileSource s = source(0, List.of())) {
            awaitBatch(s);
            write("users.json", "[{\"id\":1,\"x\":1}]");
            JsonFileSource.Batch b = awaitBatch(s);
            assertThat(ops(b)).containsOnly(Map.entry(Op.UPDATE, 1L));
            assertThat(MassDeleteGuard.heldNow("app", "users.json")).isEqualTo(3);
        }
        var released = new JsonFileMapping("users.json", null, null, null, null, null, true, 0.5);
        try (JsonFileSource s = source(2, List.of(released))) {
            JsonFileSource.Batch b = awaitBatch(s);
            assertThat(ops(b)).containsOnly(Map.entry(Op.DELETE, 3L));
            assertThat(MassDeleteGuard.heldNow("app", "users.json")).isZero();
        }
    }
}
