package io.cutover.applier;

import io.cutover.core.event.RecordSize;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/** Client settings: the user's pass-through properties first, then the ones correctness depends on. */
final class KafkaProps {
    private KafkaProps() {
    }

    static Map<String, Object> consumer(ApplierSettings s) {
        Map<String, Object> p = new HashMap<>(s.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        // Positions live in Postgres with the rows; Kafka's committed offsets are never used.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(Applier.RECORDS_PER_POLL, s.maxBatch()));
        // New source tables become new topics; find them within seconds, not the default 5 minutes.
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 3_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    static Map<String, Object> producer(ApplierSettings s) {
        Map<String, Object> p = admin(s);
        // A dead letter is as large as the record Postgres rejected, which may be a 10 MB row.
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSize.MAX_BYTES);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    static Map<String, Object> admin(ApplierSettings s) {
        Map<String, Object> p = new HashMap<>(s.kafkaProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        return p;
    }
}
