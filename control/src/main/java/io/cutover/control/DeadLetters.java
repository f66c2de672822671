package io.cutover.control;

import io.cutover.core.schema.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code <prefix>.dlq}: every record the applier could not apply, with the error and origin
 * the applier put in its headers. Reads from the beginning to the end as it is when called, without
 * a consumer group (nothing is committed, so listing never changes anything).
 */
public final class DeadLetters {
    /** One dead letter. */
    public record Entry(long dlqOffset, Instant at, String table, String originTopic, int originPartition,
                        long originOffset, String key, String column, String error) {
    }

    private DeadLetters() {
    }

    public static List<Entry> list(String bootstrap, Map<String, String> kafkaProperties, String prefix) {
        String topic = TopicNames.deadLetter(prefix);
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Reading must not create the topic: a dry run would change the cluster, and an auto-created
        // topic gets the broker's 1 MB record limit instead of the one the applier creates it with.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<Entry> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (parts.isEmpty()) {
                return out;
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new ControlException("reading " + topic + " took more than 2 minutes; listed " + out.size() + " so far");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(new Entry(r.offset(), Instant.ofEpochMilli(r.timestamp()), header(r, "cutover.table"),
                            header(r, "cutover.origin.topic"), Integer.parseInt(orDefault(header(r, "cutover.origin.partition"), "-1")),
                            Long.parseLong(orDefault(header(r, "cutover.origin.offset"), "-1")),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                            header(r, "cutover.column"), header(r, "cutover.error")));
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return out; // the topic does not exist yet: nothing was ever dead-lettered
        }
        return out;
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isEmpty() ? d : v;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
