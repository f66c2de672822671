package io.cutover.applier;

import io.cutover.core.event.Op;
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
 * the age of the oldest unapplied one (it was captured later); 0 when caught up. The writer reports
 * what it applied; only the polling thread, which alone may touch the consumer, calls update.
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

    synchronized void applied(List<ChangeRecord> records, long commitMs) {
        Map<String, long[]> perTableOp = new HashMap<>();
        String lastTopic = null;
        long[] lastCounts = null;
        for (ChangeRecord r : records) {
            if (r.event() == null) {
                continue;
            }
            // Records come in runs of one topic: look the table up once per run, not per record.
            if (!r.origin().topic().equals(lastTopic)) {
                lastTopic = r.origin().topic();
                String table = r.event().source().table();
                if (tableOfTopic.put(lastTopic, table) == null) {
                    metrics.tableSeen(table);
                }
                lastCounts = perTableOp.computeIfAbsent(table, k -> new long[Op.values().length]);
            }
            lastAppliedCaptureMs.merge(lastTopic, r.event().source().tsMs(), Math::max);
            lastCounts[r.event().op().ordinal()]++;
            metrics.endToEnd(r.event().source().tsMs(), commitMs);
        }
        perTableOp.forEach((table, counts) -> {
            for (Op op : Op.values()) {
                if (counts[op.ordinal()] > 0) {
                    metrics.applied(table, op.code(), counts[op.ordinal()]);
                }
            }
        });
    }

    synchronized void update(Collection<TopicPartition> assigned) {
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
