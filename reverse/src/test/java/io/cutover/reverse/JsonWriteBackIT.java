package io.cutover.reverse;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.capture.json.JsonFence;
import io.cutover.control.StatusReport;
import io.cutover.core.schema.TopicNames;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After the write switch, inserts, updates and deletes made on Postgres appear in the JSON files, in
 * their layout and key order; the write-back's own rewrites are neither counted as late writes nor
 * sent forward while the fence stands, and a real late write still is reported.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonWriteBackIT {
    private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    @BeforeAll
    static void meters() {
        Metrics.addRegistry(METRICS);
    }

    @Test
    void postgresWritesAppearInTheFilesInTheirLayoutAndAreNeitherLateWritesNorSentForward(KafkaFixture kafka,
                                                                                        PostgresFixture pg,
                                                                                        @TempDir Path dir) throws Exception {
        try (JsonPipeline p = new JsonPipeline(kafka, pg, dir, "jwb", 5)) {
            Path acks = dir.resolve("acks.txt");
            Files.createFile(acks);
            try (ExternalProcess app = JsonPipeline.script("/json-routing-app.js").start(dir, p.data.toString(),
                    p.routing.toString(), acks.toString(), dir.resolve("stop").toString(), "100")) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(Files.readAllLines(acks)).as("the app's output: %s", app.output()).hasSizeGreaterThan(5));
                p.switchWrites();
                Files.createFile(dir.resolve("stop"));
                assertThat(app.awaitSuccess(Duration.ofSeconds(30))).contains("stopped");
            }
            p.awaitCaughtUp();
            p.startReverse();
            JsonNode before = p.file("orders.json");
            List<Long> idsBefore = p.fileIds();
            String fence = JsonFence.read(p.view.stateDir()).orElseThrow().digests().get("orders.json");
            Map<TopicPartition, Long> forwardEnd = forwardEnd(p);
            double late = lateWrites(p.prefix);

            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("SET search_path TO jwb");
                st.execute("UPDATE orders SET qty = 40, paid = NOT paid, meta = '{\"tags\": [\"pg\"], \"n\": 1}' WHERE id = 2");
                st.execute("INSERT INTO orders (id, item, qty, paid, price, meta) VALUES (9000, 'from pg', 3, true, 0.1, "
                        + "'{\"by\": \"pg\"}')");
                st.execute("DELETE FROM orders WHERE id = 3");
                st.execute("UPDATE users SET name = 'Ann B' WHERE id = 'u1'");
                st.execute("INSERT INTO users (id, name, active) VALUES ('u9', 'Nia', false)");
                st.execute("DELETE FROM users WHERE id = 'u2'");
            }
            p.drain();
            assertThat(p.reversePath.failure()).isEmpty();

            JsonNode after = p.file("orders.json");
            List<String> topLevel = new ArrayList<>();
            after.fieldNames().forEachRemaining(topLevel::add);
            assertThat(topLevel).as("other top-level content untouched, in order").containsExactly("version", "data", "footer");
            assertThat(after.get("footer").asText()).isEqualTo("kept as it is");
            List<Long> expectedIds = new ArrayList<>(idsBefore);
            expectedIds.remove(3L);
            expectedIds.add(9000L);
            assertThat(p.fileIds()).as("existing records in their order, the new one last, the deleted one gone")
                    .isEqualTo(expectedIds);
            JsonNode two = record(after, 2);
            List<String> fields = new ArrayList<>();
            two.fieldNames().forEachRemaining(fields::add);
            List<String> fieldsBefore = new ArrayList<>();
            record(before, 2).fieldNames().forEachRemaining(fieldsBefore::add);
            assertThat(fields).as("a record's fields keep their order").isEqualTo(fieldsBefore);
            assertThat(two.get("qty").isIntegralNumber()).isTrue();
            assertThat(two.get("qty").asLong()).isEqualTo(40);
            assertThat(two.get("paid").isBoolean()).as("booleans go back as booleans").isTrue();
            assertThat(two.get("paid").asBoolean()).isEqualTo(!record(before, 2).get("paid").asBoolean());
            assertThat(two.get("meta")).as("jsonb as nested JSON").isEqualTo(JsonPipeline.JSON.readTree("{\"tags\":[\"pg\"],\"n\":1}"));
            assertThat(two.get("price").asDouble()).isEqualTo(12.5);
            JsonNode added = record(after, 9000);
            assertThat(added.get("item").asText()).isEqualTo("from pg");
            assertThat(added.get("price").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(added.get("meta").get("by").asText()).isEqualTo("pg");
            assertThat(Files.readString(p.data.resolve("orders.json"))).as("indentation kept")
                    .startsWith("{\n  \"version\": 3,\n  \"data\": {\n    \"orders\": [\n      {\n        \"id\": ");

            JsonNode users = p.file("users.json");
            List<String> userKeys = new ArrayList<>();
            users.fieldNames().forEachRemaining(userKeys::add);
            assertThat(userKeys).as("object keyed by id: order kept, new key last").containsExactly("u1", "u3", "u9");
            assertThat(users.get("u1").toString()).isEqualTo("{\"name\":\"Ann B\",\"active\":true}");
            assertThat(users.get("u9").toString()).isEqualTo("{\"name\":\"Nia\",\"active\":false}");
            assertThat(Files.readString(p.data.resolve("users.json"))).as("a one-line file stays on one line").doesNotContain("\n");

            // Capture looks at the rewritten files every few ms; for two seconds it counts no late write
            // and sends nothing forward, and status lists no late write.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    lateWrites(p.prefix) == late && forwardEnd(p).equals(forwardEnd));
            assertThat(StatusReport.build(p.controller(), p.pool, Map.of()).warnings())
                    .noneSatisfy(w -> assertThat(w).contains("orders.json"));
            assertThat(JsonFence.read(p.view.stateDir()).orElseThrow().digests().get("orders.json"))
                    .as("the fence never admits the write-back's content").isEqualTo(fence);
            assertThat(p.pgRows("SELECT qty::text FROM jwb.orders WHERE id = 2")).containsExactly("40");

            // A restart resumes from the positions stored beside the fence: what was written while it was
            // down arrives, what was written before is not undone or doubled.
            p.stopReverse();
            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO jwb.orders (id, item, qty, paid, price, meta) VALUES (9001, 'while down', 1, false, 1, '{}')");
                st.execute("UPDATE jwb.orders SET item = item || '+' WHERE id = 2");
            }
            p.startReverse();
            p.drain();
            expectedIds.add(9001L);
            assertThat(p.fileIds()).isEqualTo(expectedIds);
            assertThat(record(p.file("orders.json"), 2).get("item").asText()).isEqualTo("seed-2+");

            // A write by hand is still a late write: the check above could fail.
            Files.writeString(p.data.resolve("users.json"), "{\"u1\":{\"name\":\"by hand\",\"active\":true}}");
            await().atMost(Duration.ofSeconds(30)).until(() -> lateWrites(p.prefix) > late);
            assertThat(StatusReport.build(p.controller(), p.pool, Map.of()).warnings())
                    .anySatisfy(w -> assertThat(w).contains("users.json"));

            // A rewrite of a file holding a late write keeps that write and does not hide it: the
            // result is not recorded as the write-back's own, so status goes on listing the file.
            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("UPDATE jwb.users SET name = 'Cy 2' WHERE id = 'u3'");
            }
            p.drain();
            JsonNode laundered = p.file("users.json");
            assertThat(laundered.get("u1").get("name").asText()).isEqualTo("by hand");
            assertThat(laundered.get("u3").get("name").asText()).isEqualTo("Cy 2");
            assertThat(StatusReport.build(p.controller(), p.pool, Map.of()).warnings())
                    .as("the late write is still reported").anySatisfy(w -> assertThat(w).contains("users.json"));
        }
    }

    static JsonNode record(JsonNode ordersFile, long id) {
        for (JsonNode o : ordersFile.at("/data/orders")) {
            if (o.get("id").asLong() == id) {
                return o;
            }
        }
        throw new AssertionError("no order " + id + " in the file");
    }

    static double lateWrites(String source) {
        var c = METRICS.find("cutover.capture.errors").tag("source", source).tag("kind", JsonFence.LATE_WRITE).counter();
        return c == null ? 0 : c.count();
    }

    private static Map<TopicPartition, Long> forwardEnd(JsonPipeline p) throws Exception {
        Map<TopicPartition, OffsetSpec> req = Map.of(
                new TopicPartition(TopicNames.forTable(p.prefix, p.prefix, "orders"), 0), OffsetSpec.latest(),
                new TopicPartition(TopicNames.forTable(p.prefix, p.prefix, "users"), 0), OffsetSpec.latest());
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        p.admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, r) -> out.put(tp, r.offset()));
        return out;
    }
}
