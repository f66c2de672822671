package io.cutover.reverse;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Produces the reverse path's records. Topics are made up front (compacted, one partition: the
 * write-back applies a table's changes in the order Postgres committed them) and checked writable
 * before the first record, for the reason capture's sink gives.
 */
final class ReverseSink implements AutoCloseable {
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    ReverseSink(ReverseSettings settings) {
        Map<String, Object> common = new HashMap<>(settings.kafkaProperties());
        common.put("bootstrap.servers", settings.bootstrapServers());
        admin = Admin.create(common);
        Map<String, Object> p = new HashMap<>(common);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cutover-reverse");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates the topics that are missing and waits until each partition has a leader that answers. */
    void ensureTopics(Collection<String> compacted, String marker) throws InterruptedException, ExecutionException {
        List<NewTopic> wanted = new java.util.ArrayList<>();
        compacted.forEach(t -> wanted.add(new NewTopic(t, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"))));
        wanted.add(new NewTopic(marker, 1, (short) -1).configs(Map.of("retention.ms", Long.toString(TimeUnit.DAYS.toMillis(7)))));
        for (NewTopic t : wanted) {
            try {
                admin.createTopics(List.of(t)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitWritable(t.name());
        }
    }

    Future<RecordMetadata> send(String topic, byte[] key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, 0, key, value));
    }

    private void awaitWritable(String topic) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest())).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100); // polling the cluster's metadata, bounded by the deadline
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
