package io.cutover.bench;

import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.Op;
import io.cutover.core.event.SourceInfo;
import io.cutover.core.schema.ColumnProfile;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.ValueProfiler;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The applier benchmark's rows (a users-like table: bigint key, two texts, a double, a timestamp-like
 * text, an 8-byte blob) and the events that carry them, exactly as capture produces them: the
 * Debezium envelope, the schema header, lz4-compressed batches.
 */
final class ApplierWorkload {
    static final String[] DECLARED = {"INTEGER", "TEXT", "TEXT", "REAL", "TEXT", "BLOB"};

    private ApplierWorkload() {
    }

    static Map<String, Object> row(long i) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", i);
        r.put("email", "user" + i + "@example.com");
        r.put("name", "User number " + i);
        r.put("score", i * 0.25);
        r.put("created_at", "2024-01-01 00:00:00");
        r.put("avatar", new byte[]{(byte) i, 1, 2, 3, 4, 5, 6, 7});
        return r;
    }

    static TableSchema schema(String table) {
        List<ColumnSchema> cols = new ArrayList<>();
        int i = 0;
        for (var e : row(1).entrySet()) {
            ColumnProfile p = ValueProfiler.of(e.getValue());
            cols.add(new ColumnSchema(e.getKey(), DECLARED[i++], false, null, e.getKey().equals("id") ? 1 : 0, p));
        }
        return new TableSchema(SourceInfo.SQLITE, "bench", table, cols, List.of("id"), false, null, List.of(), List.of());
    }

    static KafkaProducer<byte[], byte[]> producer(BenchServices s) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", s.bootstrap, "acks", "all", "linger.ms", 5,
                "compression.type", "lz4"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Produces rows {@code 0..rows-1} as {@code op} events; flushed before returning. */
    static void produce(BenchServices s, String topic, TableSchema schema, long rows, Op op) {
        try (KafkaProducer<byte[], byte[]> p = producer(s)) {
            for (long i = 0; i < rows; i++) {
                send(p, topic, schema, row(i), System.currentTimeMillis(), op);
            }
            p.flush();
        }
    }

    static void send(KafkaProducer<byte[], byte[]> p, String topic, TableSchema schema, Map<String, Object> row,
                     long ts, Op op) {
        Map<String, Object> key = Map.of("id", row.get("id"));
        ChangeEvent e = new ChangeEvent(key, null, row, op, ts,
                new SourceInfo(SourceInfo.SQLITE, "bench", schema.table(), 0, ts, op == Op.READ));
        RecordHeaders h = new RecordHeaders();
        h.add(TableSchema.HEADER, schema.toJsonBytes());
        p.send(new ProducerRecord<>(topic, null, EnvelopeCodec.encodeKey(key), EnvelopeCodec.encodeValue(e), h));
    }

    /** Waits until the stored offsets of {@code topic} reach {@code n}. */
    static void awaitApplied(BenchServices s, String topic, long n, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        try (Connection c = s.connect()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT coalesce(sum(next_offset), 0) FROM cutover.applied_offsets WHERE topic = '" + topic + "'")) {
                    if (rs.next() && rs.getLong(1) >= n) {
                        return;
                    }
                } catch (java.sql.SQLException e) {
                    // the control schema appears when the applier starts
                }
                Thread.sleep(20); // polling for completion; resolution well below the measured times
            }
        }
        throw new IllegalStateException("the applier did not apply " + n + " records to " + topic + " within " + max);
    }
}
