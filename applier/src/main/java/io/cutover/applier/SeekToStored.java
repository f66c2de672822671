package io.cutover.applier;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * On assignment, seeks each partition to the next offset stored in Postgres (the beginning when
 * none), so a restarted applier, or one restored with a Postgres backup, resumes exactly there.
 */
final class SeekToStored implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DataSource pool;
    private final AppliedOffsetStore offsets;
    private final Map<TopicPartition, Long> positions;

    SeekToStored(KafkaConsumer<byte[], byte[]> consumer, DataSource pool, AppliedOffsetStore offsets,
                 Map<TopicPartition, Long> positions) {
        this.consumer = consumer;
        this.pool = pool;
        this.offsets = offsets;
        this.positions = positions;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        seek(consumer, pool, offsets, positions, partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(positions::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    /** After a fenced batch: trust only what Postgres says. */
    static void reseek(KafkaConsumer<byte[], byte[]> consumer, DataSource pool, AppliedOffsetStore offsets,
                       Map<TopicPartition, Long> positions) {
        seek(consumer, pool, offsets, positions, List.copyOf(consumer.assignment()));
    }

    private static void seek(KafkaConsumer<byte[], byte[]> consumer, DataSource pool, AppliedOffsetStore offsets,
                             Map<TopicPartition, Long> positions, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try (Connection c = pool.getConnection()) {
            Map<TopicPartition, Long> stored = offsets.load(c, partitions);
            for (var e : stored.entrySet()) {
                if (e.getValue() == AppliedOffsetStore.NONE) {
                    consumer.seekToBeginning(List.of(e.getKey()));
                } else {
                    consumer.seek(e.getKey(), e.getValue());
                }
                positions.put(e.getKey(), e.getValue());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored positions from Postgres: " + e.getMessage(), e);
        }
    }
}
