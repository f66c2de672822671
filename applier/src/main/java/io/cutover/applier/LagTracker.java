package io.cutover.applier;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Lag in events (end offset minus position, per partition) and in seconds per table. The seconds are
 * the age of the last applied change while the table's partitions still have lag, an upper bound of
 * the age of the oldest unapplied one (it was captured later); 0 when caught up. Runs on the
 * consumer's thread, which alone may touch the consumer.
 */
final class LagTracker {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ApplierMetrics metrics;
    private final Map<String, Long> lastAppliedCaptureMs = new HashMap<>();
    private final Map<String, String> tableOfTopic = new HashMap<>();

    LagTracker(KafkaConsumer<byte[], byte[]> consumer, ApplierMetrics metrics) {
        this.consumer = consumer;
        this.metrics = metrics;
    }

    void applied(List<ChangeRecord> records, long commitMs) {
        Map<String, Long> perTableOp = new HashMap<>();
        for (ChangeRecord r : records) {
            if (r.event() == null) {
                continue;
            }
            String table = r.event().source().table();
            tableOfTopic.put(r.origin().topic(), table);
            lastAppliedCaptureMs.merge(r.origin().topic(), r.event().source().tsMs(), Math::max);
            perTableOp.merge(table + "\u0000" + r.event().op().code(), 1L, Long::sum);
            metrics.endToEnd(r.event().source().tsMs(), commitMs);
        }
        perTableOp.forEach((k, n) -> {
            int sep = k.indexOf('\u0000');
            metrics.applied(k.substring(0, sep), k.substring(sep + 1), n);
        });
    }

    void update(Collection<TopicPartition> assigned) {
        Map<String, Long> lagByTopic = new HashMap<>();
        for (TopicPartition tp : assigned) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                metrics.lagEvents(tp, lag.getAsLong());
                lagByTopic.merge(tp.topic(), lag.getAsLong(), Long::sum);
            }
        }
        long now = System.currentTimeMillis();
        lagByTopic.forEach((topic, lag) -> {
            String table = tableOfTopic.get(topic);
            if (table != null) {
                Long last = lastAppliedCaptureMs.get(topic);
                metrics.lagSeconds(table, lag == 0 || last == null ? 0 : Math.max(0, now - last));
            }
        });
    }
}
