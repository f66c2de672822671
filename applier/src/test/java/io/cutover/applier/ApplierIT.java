package io.cutover.applier;

import io.cutover.core.event.InvalidText;
import io.cutover.core.event.JsonValue;
import io.cutover.core.schema.TableSchema;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.cutover.applier.Events.row;
import static io.cutover.applier.Events.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class ApplierIT {

    @org.junit.jupiter.api.BeforeAll
    static void meters() {
        // The global registry is a composite: without a child it records nothing (production adds Prometheus's).
        Metrics.addRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    static ApplierSettings settings(KafkaFixture kafka, PostgresFixture pg, String prefix) {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        return new ApplierSettings(kafka.bootstrapServers(), Map.of(), prefix, "applier-" + prefix, pg.jdbcUrl(), p,
                "public", "cutover", Map.of(), ApplierSettings.ErrorsMode.CONTINUE, 500, Duration.ofMillis(100));
    }

    static long count(PostgresFixture pg, String sql) throws Exception {
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void appliesEveryValueKindDeletesTombstonesAndSchemaChangesExactly(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        String topic = "e2e.app.things";
        Map<String, Object> r1 = row("id", 1L, "n", Long.MAX_VALUE, "r", -0.0, "t", "ünï ☃ 𝄞", "b", new byte[]{0, (byte) 0xff},
                "nothing", null, "big", 1e308, "when", "2024-01-02 03:04:05");
        Map<String, Object> r2 = row("id", 2L, "n", Long.MIN_VALUE, "r", 1.5, "t", "", "b", new byte[0], "nothing", null,
                "big", Double.MIN_VALUE, "when", 1_700_000_000L);
        List<String> cols = List.of("id:INTEGER", "n:INTEGER", "r:REAL", "t:TEXT", "b:BLOB", "nothing:", "big:REAL", "when:DATETIME");
        TableSchema s1 = schema("things", List.of("id"), cols, r1, r2);
        Map<String, Object> r3 = row("id", 3L, "n", 3L, "r", 3.0, "t", "three", "b", new byte[]{3}, "nothing", null,
                "big", 3.0, "when", "2024-03-03T03:03:03Z", "extra", "added later");
        List<String> cols2 = new ArrayList<>(cols);
        cols2.add("extra:TEXT");
        TableSchema s2 = schema("things", List.of("id"), cols2, r1, r2, r3);
        // A later value that does not fit: capture widens the profile, the applier widens the column.
        Map<String, Object> r4 = row("id", 4L, "n", "not a number", "r", 4.0, "t", "four", "b", new byte[]{4},
                "nothing", null, "big", 4.0, "when", "2024-04-04", "extra", null);
        TableSchema s3 = schema("things", List.of("id"), cols2, r1, r2, r3, r4);

        Map<String, Object> pair = row("tenant", "acme", "id", 7L, "v", new JsonValue("{\"a\":[1,true]}"));
        TableSchema ps = schema("pairs", List.of("tenant", "id"), List.of("tenant:TEXT", "id:INTEGER", "v:JSON"), pair);

        try (Events ev = new Events(kafka.producerProps())) {
            ev.upsert(topic, s1, r1);
            ev.upsert(topic, s1, r2);
            ev.upsert(topic, s1, row("id", 9L, "n", 9L, "r", 9.0, "t", "gone", "b", null, "nothing", null, "big", 9.0, "when", null));
            ev.delete(topic, s1, row("id", 9L));
            ev.upsert(topic, s2, r3);
            ev.upsert(topic, s3, r4);
            ev.upsert("e2e.app.pairs", ps, pair);
        }
        try (Applier applier = new Applier(settings(kafka, pg, "e2e"))) {
            applier.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(count(pg, "SELECT count(*) FROM public.things")).isEqualTo(4);
                assertThat(count(pg, "SELECT count(*) FROM public.pairs")).isEqualTo(1);
            });
            assertThat(applier.state()).isEqualTo(Applier.State.RUNNING);
        }
        try (Connection c = pg.connection()) {
            ResultSet rs = c.createStatement().executeQuery("SELECT n, r, t, b, nothing, big, \"when\", extra, "
                    + "pg_typeof(n)::text, pg_typeof(\"when\")::text, pg_typeof(r)::text FROM things ORDER BY id");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(Long.toString(Long.MAX_VALUE));
            assertThat(Double.doubleToRawLongBits(rs.getDouble(2))).isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(rs.getString(3)).isEqualTo("ünï ☃ 𝄞");
            assertThat(rs.getBytes(4)).containsExactly(0, 0xff);
            assertThat(rs.getString(5)).isNull();
            assertThat(rs.getDouble(6)).isEqualTo(1e308);
            assertThat(rs.getObject(7, java.time.OffsetDateTime.class).toInstant()).isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05Z"));
            assertThat(rs.getString(9)).as("widened when text arrived").isEqualTo("text");
            assertThat(rs.getString(10)).isEqualTo("timestamp with time zone");
            assertThat(rs.getString(11)).isEqualTo("double precision");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(Long.toString(Long.MIN_VALUE));
            assertThat(rs.getString(3)).isEqualTo("").isNotNull();
            assertThat(rs.getDouble(6)).isEqualTo(Double.MIN_VALUE);
            rs.next();
            assertThat(rs.getString(8)).isEqualTo("added later");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("not a number");
            ResultSet p = c.createStatement().executeQuery("SELECT v = '{\"a\":[1,true]}'::jsonb FROM pairs WHERE tenant='acme' AND id=7");
            assertThat(p.next()).isTrue();
            assertThat(p.getBoolean(1)).isTrue();
            ResultSet o = c.createStatement().executeQuery("SELECT sum(next_offset) FROM cutover.applied_offsets "
                    + "WHERE group_id = 'applier-e2e'");
            o.next();
            assertThat(o.getLong(1)).as("every record, tombstone included, is behind the stored offsets").isEqualTo(8);
        }
    }

    @Test
    void aRowPostgresRejectsGoesToTheDeadLetterTopicAndTheRestGoesOn(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        String topic = "dlq.app.notes";
        Map<String, Object> good1 = row("id", 1L, "body", "fine");
        Map<String, Object> nul = row("id", 2L, "body", "has \u0000 a NUL");
        Map<String, Object> badUtf8 = row("id", 3L, "body", new InvalidText(new byte[]{(byte) 0xc3, 0x28}));
        Map<String, Object> good2 = row("id", 4L, "body", "also fine");
        TableSchema s = schema("notes", List.of("id"), List.of("id:INTEGER", "body:TEXT"), good1, nul, good2);
        try (Events ev = new Events(kafka.producerProps())) {
            for (Map<String, Object> r : List.of(good1, nul, badUtf8, good2)) {
                ev.upsert(topic, s, r);
            }
        }
        try (Applier applier = new Applier(settings(kafka, pg, "dlq"))) {
            applier.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(count(pg, "SELECT count(*) FROM notes")).isEqualTo(2));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    Metrics.globalRegistry.find("cutover.applier.dlq.events").tag("table", "notes").counter())
                    .isNotNull().extracting(c -> c.count()).isEqualTo(2.0));
        }
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProps("dlq-reader"))) {
            consumer.subscribe(List.of("dlq.dlq"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.size() >= 2;
            });
        }
        assertThat(dead).hasSize(2);
        ConsumerRecord<byte[], byte[]> first = dead.get(0);
        assertThat(header(first, "cutover.origin.topic")).isEqualTo(topic);
        assertThat(header(first, "cutover.origin.offset")).isEqualTo("1");
        assertThat(header(first, "cutover.table")).isEqualTo("notes");
        assertThat(header(first, "cutover.column")).isEqualTo("body");
        assertThat(header(first, "cutover.error")).contains("NUL");
        assertThat(header(dead.get(1), "cutover.error")).contains("UTF-8");
        assertThat(count(pg, "SELECT next_offset FROM cutover.applied_offsets WHERE topic = '" + topic + "'")).isEqualTo(4);
    }

    @Test
    void twoSourcesWithATableOfTheSameNameNoLongerShareOnePostgresTable(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        Map<String, Object> fromApp = row("id", 1L, "v", "from app");
        Map<String, Object> fromOther = row("id", 1L, "v", "from other");
        TableSchema a = schema("items", List.of("id"), List.of("id:INTEGER", "v:TEXT"), fromApp);
        TableSchema b = new TableSchema(a.connector(), "other", a.table(), a.columns(), a.primaryKey(), a.withoutRowid(),
                a.autoincrement(), a.indexes(), a.foreignKeys());
        try (Events ev = new Events(kafka.producerProps())) {
            ev.upsert("same.app.items", a, fromApp);
            ev.upsert("same.app.items", a, row("id", 2L, "v", "only in app"));
            ev.upsert("same.other.items", b, fromOther);
        }
        try (Applier applier = new Applier(settings(kafka, pg, "same"))) {
            applier.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(count(pg, "SELECT count(*) FROM cutover.tables WHERE source_table = 'items'")).isEqualTo(2));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(rowsOf(pg, "app")).containsExactly("1 from app", "2 only in app");
                assertThat(rowsOf(pg, "other")).containsExactly("1 from other");
            });
        }
    }

    /** The rows of source {@code source}'s items, from the target table the control schema names. */
    private static List<String> rowsOf(PostgresFixture pg, String source) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connection()) {
            ResultSet t = c.createStatement().executeQuery("SELECT target_table FROM cutover.tables WHERE source = '"
                    + source + "' AND source_table = 'items'");
            t.next();
            ResultSet rs = c.createStatement().executeQuery("SELECT id, v FROM public.\"" + t.getString(1) + "\" ORDER BY id");
            while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
