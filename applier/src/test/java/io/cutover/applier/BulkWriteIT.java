package io.cutover.applier;

import io.cutover.core.event.JsonValue;
import io.cutover.core.event.Op;
import io.cutover.core.schema.TableSchema;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cutover.applier.ApplierIT.count;
import static io.cutover.applier.Events.row;
import static io.cutover.applier.Events.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Large batches go through COPY; small ones through INSERT. Both must write the very same rows, and
 * COPY must keep every guarantee of the INSERT path: upserts over existing keys, isolation of a bad
 * record.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class BulkWriteIT {
    private static final int ROWS = 3 * BatchWriter.COPY_MIN_ROWS;
    private static final List<String> COLUMNS = List.of("id:INTEGER", "t:TEXT", "r:REAL", "b:BLOB", "n:INTEGER",
            "at:DATETIME", "j:JSON", "d:NUMERIC", "flag:BOOLEAN", "nothing:");
    private static final String[] TEXTS = {"", "tab\there", "line\nbreak\r\n", "back\\slash \\N \\.", "ünï ☃ 𝄞",
            "quote \" and ' and ,", "\\x00"};
    private static final double[] REALS = {-0.0, 0.1, 1e308, Double.MIN_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN, 1.0 / 3};

    @BeforeAll
    static void meters() {
        Metrics.addRegistry(new SimpleMeterRegistry());
    }

    private static Map<String, Object> tricky(long i) {
        byte[] allBytes = new byte[256];
        for (int b = 0; b < 256; b++) {
            allBytes[b] = (byte) (b + i);
        }
        Object at = switch ((int) (i % 4)) {
            case 0 -> "2024-01-02 03:04:05";
            case 1 -> "2024-01-02T03:04:05.123456Z";
            case 2 -> 1_700_000_000L + i;
            default -> null;
        };
        return row("id", i, "t", TEXTS[(int) (i % TEXTS.length)] + (i % 3 == 0 ? "" : " " + i),
                "r", REALS[(int) (i % REALS.length)], "b", i % 5 == 0 ? new byte[0] : allBytes,
                "n", i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i,
                "at", at, "j", i % 6 == 0 ? null : new JsonValue("{\"a\":[1,true,\"x\\ty\"],\"n\":" + i + "}"),
                "d", i % 2 == 0 ? new BigDecimal("12345678901234567890.123456789") : (Object) i,
                "flag", i % 2, "nothing", null);
    }

    private static double written(String method) {
        Counter c = Metrics.globalRegistry.find("cutover.applier.rows.written").tag("method", method).counter();
        return c == null ? 0 : c.count();
    }

    private static ApplierSettings settings(KafkaFixture kafka, PostgresFixture pg, String prefix, int maxBatch) {
        ApplierSettings s = ApplierIT.settings(kafka, pg, prefix);
        return new ApplierSettings(s.bootstrapServers(), s.kafkaProperties(), prefix, s.groupId(), s.jdbcUrl(),
                s.driverProps(), s.targetSchema(), s.controlSchema(), s.columnTypes(), s.errorsMode(), maxBatch,
                s.pollTimeout());
    }

    @Test
    void rowsWrittenByCopyEqualRowsWrittenByInsertForEveryValueKind(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            rows.add(tricky(i));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object>[] all = rows.toArray(Map[]::new);
        TableSchema viaCopy = schema("via_copy", List.of("id"), COLUMNS, all);
        TableSchema viaInsert = schema("via_insert", List.of("id"), COLUMNS, all);
        try (Events ev = new Events(kafka.producerProps())) {
            for (Map<String, Object> r : rows) {
                ev.emit("bulk.app.via_copy", viaCopy, r, Op.READ);
                ev.emit("small.app.via_insert", viaInsert, r, Op.READ);
            }
        }
        double copiedBefore = written("copy");
        try (Applier big = new Applier(settings(kafka, pg, "bulk", 10_000));
             Applier small = new Applier(settings(kafka, pg, "small", BatchWriter.COPY_MIN_ROWS / 5))) {
            big.start();
            small.start();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(count(pg, "SELECT count(*) FROM via_copy")).isEqualTo(ROWS);
                assertThat(count(pg, "SELECT count(*) FROM via_insert")).isEqualTo(ROWS);
            });
        }
        assertThat(written("copy") - copiedBefore).as("at least one large batch went through COPY")
                .isGreaterThanOrEqualTo(BatchWriter.COPY_MIN_ROWS);
        assertThat(count(pg, "SELECT count(*) FROM (SELECT * FROM via_copy EXCEPT ALL SELECT * FROM via_insert) x")).isZero();
        assertThat(count(pg, "SELECT count(*) FROM (SELECT * FROM via_insert EXCEPT ALL SELECT * FROM via_copy) x")).isZero();
        assertThat(count(pg, "SELECT count(*) FROM via_copy WHERE id = 1 AND t = 'tab\there 1' AND b = "
                + "(SELECT b FROM via_insert WHERE id = 1) AND r::text = '0.1'")).isEqualTo(1);
        assertThat(count(pg, "SELECT count(*) FROM via_copy WHERE pg_typeof(at)::text = 'timestamp with time zone' "
                + "AND pg_typeof(j)::text = 'jsonb' AND pg_typeof(flag)::text = 'boolean' AND pg_typeof(d)::text = 'numeric'"))
                .as("the columns got the converting types, so COPY's text went through their input functions").isEqualTo(ROWS);
    }

    @Test
    void aSnapshotReplayedOverExistingRowsUpdatesThemInsteadOfFailing(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        String topic = "replay.app.accounts";
        Map<String, Object> sample = row("id", 1L, "v", "x");
        TableSchema s = schema("accounts", List.of("id"), List.of("id:INTEGER", "v:TEXT"), sample);
        try (Events ev = new Events(kafka.producerProps())) {
            for (long i = 0; i < ROWS; i++) {
                ev.emit(topic, s, row("id", i, "v", "first " + i), Op.READ);
            }
        }
        try (Applier a = new Applier(settings(kafka, pg, "replay", 10_000))) {
            a.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(count(pg, "SELECT count(*) FROM accounts WHERE v LIKE 'first %'")).isEqualTo(ROWS));
            try (Events ev = new Events(kafka.producerProps())) {
                for (long i = 0; i < ROWS; i++) {
                    ev.emit(topic, s, row("id", i, "v", "second " + i), Op.READ);
                }
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(count(pg, "SELECT count(*) FROM accounts WHERE v = 'second ' || id")).isEqualTo(ROWS));
            assertThat(a.state()).isEqualTo(Applier.State.RUNNING);
        }
        assertThat(count(pg, "SELECT count(*) FROM accounts")).isEqualTo(ROWS);
    }

    @Test
    void aBadRecordInALargeBatchIsDeadLetteredAndTheOtherRowsCommit(KafkaFixture kafka, PostgresFixture pg) throws Exception {
        String topic = "isolate.app.notes";
        Map<String, Object> sample = row("id", 1L, "body", "x");
        TableSchema s = schema("notes", List.of("id"), List.of("id:INTEGER", "body:TEXT"), sample);
        long bad = ROWS / 2;
        try (Events ev = new Events(kafka.producerProps())) {
            for (long i = 0; i < ROWS; i++) {
                ev.emit(topic, s, row("id", i, "body", i == bad ? "a NUL \u0000 here" : "fine " + i), Op.READ);
            }
        }
        try (Applier a = new Applier(settings(kafka, pg, "isolate", 10_000))) {
            a.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(count(pg, "SELECT next_offset FROM cutover.applied_offsets WHERE topic = '" + topic + "'"))
                            .isEqualTo(ROWS));
        }
        assertThat(count(pg, "SELECT count(*) FROM notes")).isEqualTo(ROWS - 1);
        assertThat(count(pg, "SELECT count(*) FROM notes WHERE id = " + bad)).isZero();
        assertThat(Metrics.globalRegistry.find("cutover.applier.dlq.events").tag("table", "notes").counter().count())
                .isEqualTo(1.0);
    }
}
