package io.cutover.applier;

import io.cutover.core.schema.TableSchema;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.cutover.applier.Events.row;
import static io.cutover.applier.Events.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once under SIGKILL. Each event for key k carries its sequence number n and a running total;
 * a Postgres trigger audits every applied (k, n), so a batch applied twice would leave a duplicate.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class ApplierCrashIT {
    private static final int KEYS = 10;
    private final Map<Long, Long> lastN = new HashMap<>();
    private final Map<Long, Long> total = new HashMap<>();
    private long produced;

    @Test
    void killedMidBatchTwentyTimesAppliesEveryChangeExactlyOnce(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        String topic = "crash.app.counters";
        kafka.createTopic(topic, 3, Map.of());
        prepareAuditedTable(pg, "counters");
        TableSchema s = counterSchema("counters");
        int killedWithWorkLeft = 0;
        try (Events ev = new Events(kafka.producerProps())) {
            for (int cycle = 0; cycle < 20; cycle++) {
                long t0 = System.nanoTime();
                // Large enough that the applier (batches of 200) is mid-stream when first progress shows.
                burst(ev, topic, s, 4000);
                System.out.printf("cycle %d: burst %d ms%n", cycle, (System.nanoTime() - t0) / 1_000_000);
                long before = appliedSum(pg, topic);
                Process p = startApplier(kafka, pg, "crash", "crash-group", "crash-applier");
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                            .until(() -> appliedSum(pg, topic) > before || !p.isAlive());
                    assertThat(p.isAlive()).as("applier process alive in cycle %d", cycle).isTrue();
                    System.out.printf("cycle %d: progress after %d ms%n", cycle, (System.nanoTime() - t0) / 1_000_000);
                } finally {
                    p.destroyForcibly().waitFor(); // SIGKILL, typically in the middle of the burst
                }
                if (appliedSum(pg, topic) < produced) {
                    killedWithWorkLeft++;
                }
            }
        }
        System.out.printf("kills with changes still unapplied: %d of 20%n", killedWithWorkLeft);
        assertThat(killedWithWorkLeft).as("kills that landed mid-stream, not after the applier was done").isGreaterThanOrEqualTo(10);
        Process last = startApplier(kafka, pg, "crash", "crash-group", "crash-applier");
        try {
            awaitCaughtUp(kafka, pg, topic);
        } finally {
            last.destroyForcibly().waitFor();
        }
        assertExact(pg, "counters");
    }

    @Test
    void whenOneOfTwoAppliersInAGroupIsKilledTheOtherTakesOverExactly(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        String topic = "pair.app.tallies";
        kafka.createTopic(topic, 4, Map.of());
        prepareAuditedTable(pg, "tallies");
        TableSchema s = counterSchema("tallies");
        Process a = startApplier(kafka, pg, "pair", "pair-group");
        Process b = startApplier(kafka, pg, "pair", "pair-group");
        try (Events ev = new Events(kafka.producerProps())) {
            burst(ev, topic, s, 2000);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> appliedSum(pg, topic) > 0);
            a.destroyForcibly().waitFor();
            burst(ev, topic, s, 2000);
            awaitCaughtUp(kafka, pg, topic);
            assertThat(b.isAlive()).as("the surviving applier").isTrue();
        } finally {
            a.destroyForcibly();
            b.destroyForcibly().waitFor();
        }
        assertExact(pg, "tallies");
    }

    private void burst(Events ev, String topic, TableSchema s, int events) throws Exception {
        for (int i = 0; i < events; i++) {
            long k = produced++ % KEYS;
            long n = lastN.merge(k, 1L, Long::sum);
            long t = total.merge(k, n, Long::sum);
            ev.upsert(topic, s, row("id", k, "n", n, "total", t));
        }
        ev.flush();
    }

    private static TableSchema counterSchema(String table) {
        return schema(table, List.of("id"), List.of("id:INTEGER", "n:INTEGER", "total:INTEGER"),
                row("id", 1L, "n", 1L, "total", 1L));
    }

    private static void prepareAuditedTable(PostgresFixture pg, String table) throws Exception {
        try (Connection c = pg.connection(); var st = c.createStatement()) {
            new io.cutover.core.control.ControlSchema("cutover").ensure(c);
            st.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, n bigint, total bigint)");
            st.execute("CREATE TABLE " + table + "_audit (id bigint, n bigint)");
            st.execute("CREATE FUNCTION " + table + "_audit() RETURNS trigger AS $$ BEGIN INSERT INTO " + table
                    + "_audit VALUES (NEW.id, NEW.n); RETURN NEW; END $$ LANGUAGE plpgsql");
            st.execute("CREATE TRIGGER audit AFTER INSERT OR UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION "
                    + table + "_audit()");
        }
    }

    private Process startApplier(KafkaFixture kafka, PostgresFixture pg, String prefix, String group,
                                 String... instanceId) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", cp, ApplierMain.class.getName(), kafka.bootstrapServers(),
                pg.jdbcUrl(), pg.user(), prefix, group, instanceId.length > 0 ? instanceId[0] : "").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static long appliedSum(PostgresFixture pg, String topic) throws Exception {
        return ApplierIT.count(pg, "SELECT coalesce(sum(next_offset), 0) FROM cutover.applied_offsets WHERE topic = '"
                + topic + "'");
    }

    private void awaitCaughtUp(KafkaFixture kafka, PostgresFixture pg, String topic) throws Exception {
        long end;
        try (Admin admin = kafka.admin()) {
            int parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> req = IntStream.range(0, parts).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            end = admin.listOffsets(req).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
        assertThat(end).isEqualTo(produced);
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> appliedSum(pg, topic) == end);
    }

    private void assertExact(PostgresFixture pg, String table) throws Exception {
        Map<Long, long[]> rows = new HashMap<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT id, n, total FROM " + table)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), new long[]{rs.getLong(2), rs.getLong(3)});
            }
        }
        assertThat(rows).hasSize(KEYS);
        for (long k = 0; k < KEYS; k++) {
            assertThat(rows.get(k)).as("key %d: n and running total", k).containsExactly(lastN.get(k), total.get(k));
        }
        List<String> dups = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id, n, count(*) FROM " + table + "_audit GROUP BY id, n HAVING count(*) > 1")) {
            while (rs.next()) {
                dups.add(rs.getLong(1) + "/" + rs.getLong(2) + " x" + rs.getLong(3));
            }
        }
        assertThat(dups).as("changes applied more than once").isEmpty();
    }
}
