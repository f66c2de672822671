package io.cutover.applier;

import io.cutover.core.log.Secrets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * Sends records Postgres rejected to {@code <prefix>.dlq}, with the original key and value and
 * headers saying what failed and where the record came from. Sent and acknowledged before the
 * batch commits, so a crash in between gives a duplicate dead letter, never a lost one.
 */
final class DeadLetterSink implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterSink(KafkaProducer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    void send(ConsumerRecord<byte[], byte[]> r, String table, RecordRejected error) {
        RecordHeaders h = new RecordHeaders();
        r.headers().forEach(h::add);
        h.add("cutover.error", utf8(Secrets.mask(String.valueOf(error.getMessage()))));
        h.add("cutover.origin.topic", utf8(r.topic()));
        h.add("cutover.origin.partition", utf8(Integer.toString(r.partition())));
        h.add("cutover.origin.offset", utf8(Long.toString(r.offset())));
        h.add("cutover.table", utf8(table == null ? "" : table));
        h.add("cutover.key", r.key() == null ? new byte[0] : r.key());
        if (error.column() != null) {
            h.add("cutover.column", utf8(error.column()));
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), h)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + r.topic() + "@" + r.offset(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to the dead-letter topic " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
