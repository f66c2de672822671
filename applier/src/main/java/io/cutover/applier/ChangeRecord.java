package io.cutover.applier;

import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.schema.TableSchema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.util.Map;

/**
 * One consumed record, decoded: the event (null for a tombstone), its key, its table schema (null
 * for a tombstone, which carries no header) and where it came from.
 */
record ChangeRecord(ConsumerRecord<byte[], byte[]> origin, Map<String, Object> key, ChangeEvent event,
                    TableSchema schema) {

    static ChangeRecord decode(ConsumerRecord<byte[], byte[]> r, SchemaCache schemas) {
        Map<String, Object> key = EnvelopeCodec.decodeKey(r.key());
        if (r.value() == null) {
            return new ChangeRecord(r, key, null, null);
        }
        Header h = r.headers().lastHeader(TableSchema.HEADER);
        if (h == null) {
            throw new IllegalArgumentException("record without the " + TableSchema.HEADER + " header");
        }
        return new ChangeRecord(r, key, EnvelopeCodec.decode(key, r.value()), schemas.parse(r.topic(), h.value()));
    }

    boolean isTombstone() {
        return event == null;
    }

    /** Deletes and tombstones remove the key; everything else upserts the after image. */
    boolean removesKey() {
        return event == null || event.isDelete();
    }

    String describeOrigin() {
        return origin.topic() + "-" + origin.partition() + "@" + origin.offset();
    }
}
