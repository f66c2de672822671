package io.cutover.applier;

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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Produces records shaped exactly as capture produces them: envelope, key, schema header, tombstones. */
final class Events implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong seq = new AtomicLong();

    Events(Map<String, Object> producerProps) {
        this.producer = new KafkaProducer<>(producerProps);
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A schema whose profile is what the given rows hold, as capture would profile them. */
    static TableSchema schema(String table, List<String> key, List<String> declared, Map<String, Object>... rows) {
        List<ColumnSchema> cols = new ArrayList<>();
        for (String d : declared) {
            String[] nameType = d.split(":");
            ColumnProfile p = ColumnProfile.empty();
            for (Map<String, Object> r : rows) {
                if (r.containsKey(nameType[0])) {
                    p = p.merge(ValueProfiler.of(r.get(nameType[0])));
                }
            }
            cols.add(new ColumnSchema(nameType[0], nameType.length > 1 ? nameType[1] : "", false, null,
                    key.indexOf(nameType[0]) + 1, p));
        }
        return new TableSchema(SourceInfo.SQLITE, "app", table, cols, key, false, null, List.of(), List.of());
    }

    void upsert(String topic, TableSchema s, Map<String, Object> after) throws Exception {
        emit(topic, s, after, Op.UPDATE);
    }

    /** An upsert-like event with the given op: {@code r} for a snapshot read, {@code c} for an insert. */
    void emit(String topic, TableSchema s, Map<String, Object> after, Op op) throws Exception {
        Map<String, Object> key = new LinkedHashMap<>();
        s.primaryKey().forEach(k -> key.put(k, after.get(k)));
        send(topic, s, new ChangeEvent(key, null, after, op, System.currentTimeMillis(), source(s)));
    }

    void delete(String topic, TableSchema s, Map<String, Object> key) throws Exception {
        send(topic, s, new ChangeEvent(key, null, null, Op.DELETE, System.currentTimeMillis(), source(s)));
        producer.send(new ProducerRecord<>(topic, EnvelopeCodec.encodeKey(key), null));
    }

    private SourceInfo source(TableSchema s) {
        return new SourceInfo(SourceInfo.SQLITE, s.source(), s.table(), seq.incrementAndGet(), System.currentTimeMillis(), false);
    }

    private void send(String topic, TableSchema s, ChangeEvent e) throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add(TableSchema.HEADER, s.toJsonBytes());
        // Asynchronous: the idempotent producer keeps per-partition order; flush() or close() waits.
        producer.send(new ProducerRecord<>(topic, null, EnvelopeCodec.encodeKey(e.key()), EnvelopeCodec.encodeValue(e), h));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
