package io.cutover.reconciler;

import io.cutover.core.event.EnvelopeCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys changed since a position, read from the change topics themselves: every change capture
 * emits is there, whereas capture deletes changelog rows as soon as Kafka acknowledges them. The
 * reconciler's own consumer is assigned (no group, nothing committed) and positioned at the topics'
 * end when a full pass starts, so that an incremental pass covers exactly what changed since.
 */
final class ChangedKeys {
    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> from = new HashMap<>();

    ChangedKeys(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Starts following {@code topics} from their end now (called as a full pass starts). */
    void markEnd(Set<String> topics) {
        List<TopicPartition> tps = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (parts != null) {
                parts.forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            }
        }
        from.clear();
        from.putAll(consumer.endOffsets(tps, Duration.ofSeconds(10)));
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    /**
     * Starts following {@code topics} from their first record at or after {@code sinceMillis} (from
     * their end where there is none), so that {@link #poll} returns every key changed since then.
     */
    void markAt(Set<String> topics, long sinceMillis) {
        Map<TopicPartition, Long> when = new HashMap<>();
        for (String topic : topics) {
            List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (parts != null) {
                parts.forEach(p -> when.put(new TopicPartition(topic, p.partition()), sinceMillis));
            }
        }
        from.clear();
        if (when.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(when.keySet(), Duration.ofSeconds(10));
        consumer.offsetsForTimes(when, Duration.ofSeconds(10)).forEach((tp, o) -> from.put(tp, o == null ? end.get(tp) : o.offset()));
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    /**
     * The distinct keys (decoded, by topic) of the records between the last call and the topics' end
     * now, at most {@code limit}; the rest are left for the next call.
     */
    Map<String, Set<Map<String, Object>>> poll(int limit) {
        Map<String, Set<Map<String, Object>>> out = new LinkedHashMap<>();
        if (from.isEmpty()) {
            return out;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet(), Duration.ofSeconds(10));
        int n = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (n < limit && System.nanoTime() < deadline && behind(end)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.key() != null) {
                    out.computeIfAbsent(r.topic(), k -> new LinkedHashSet<>()).add(EnvelopeCodec.decodeKey(r.key()));
                    n++;
                }
            }
        }
        return out;
    }

    private boolean behind(Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
                return true;
            }
        }
        return false;
    }
}
