package io.cutover.applier;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A consumed record after decoding, on the polling thread: its change, or why it is not one (the
 * writer dead-letters it like a row Postgres rejects).
 */
record Decoded(ConsumerRecord<byte[], byte[]> origin, ChangeRecord change, RecordRejected error) {

    static Decoded of(ConsumerRecord<byte[], byte[]> r, SchemaCache schemas) {
        try {
            return new Decoded(r, ChangeRecord.decode(r, schemas), null);
        } catch (RuntimeException e) {
            return new Decoded(r, null, new RecordRejected(null, "not a Cutover change event: " + e.getMessage(), e));
        }
    }

    /** The change, or the decoding error thrown so the batch takes the record-by-record path. */
    ChangeRecord changeOrThrow() {
        if (error != null) {
            throw error;
        }
        return change;
    }
}
