package io.cutover.applier;

import io.cutover.core.schema.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The consumer's thread: polls, decodes, and hands records to the writer. It alone touches the
 * consumer. Whenever the handoff's generation changes (a rebalance, or a batch the writer found
 * fenced), every assigned partition is sought to the position stored in Postgres before anything
 * more is decoded, and records polled before that seek are dropped: only Postgres says where to go on.
 */
final class PollLoop {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DataSource pool;
    private final AppliedOffsetStore offsets;
    private final Map<TopicPartition, Long> positions;
    private final BatchHandoff handoff;
    private final LagTracker lag;
    /** How often the stored positions are compared with this applier's: the delay before a replay starts. */
    private static final long WATCH_INTERVAL_NANOS = 2_000_000_000L;
    private final SchemaCache schemas = new SchemaCache();

    PollLoop(KafkaConsumer<byte[], byte[]> consumer, DataSource pool, AppliedOffsetStore offsets,
             Map<TopicPartition, Long> positions, BatchHandoff handoff, LagTracker lag) {
        this.consumer = consumer;
        this.pool = pool;
        this.offsets = offsets;
        this.positions = positions;
        this.handoff = handoff;
        this.lag = lag;
    }

    void run(String topicPrefix, java.time.Duration pollTimeout, BooleanSupplier running) throws InterruptedException {
        SeekToStored seeker = new SeekToStored(consumer, pool, offsets, positions);
        consumer.subscribe(TopicNames.changeTopics(topicPrefix), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                awaitWriterIdle();
                seeker.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                seeker.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        });
        long generation = handoff.generation();
        long lastWatch = System.nanoTime();
        while (running.getAsBoolean()) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(pollTimeout);
            if (System.nanoTime() - lastWatch > WATCH_INTERVAL_NANOS) {
                lastWatch = System.nanoTime();
                if (storedPositionsMoved()) {
                    handoff.invalidate(); // `cutover replay` or a restore moved them: go where they say
                }
            }
            if (handoff.generation() != generation) {
                generation = handoff.invalidateAndAwaitIdle();
                SeekToStored.reseek(consumer, pool, offsets, positions);
                continue;
            }
            if (!polled.isEmpty()) {
                List<Decoded> decoded = new ArrayList<>(polled.count());
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    decoded.add(Decoded.of(r, schemas));
                }
                handoff.offer(generation, decoded);
            }
            lag.update(positions.keySet());
        }
    }

    /**
     * True when Postgres holds a position this applier did not write (a replay, a restored backup).
     * A batch committing meanwhile can also make them differ; the re-seek that follows is harmless.
     */
    private boolean storedPositionsMoved() {
        Map<TopicPartition, Long> mine = Map.copyOf(positions);
        if (mine.isEmpty()) {
            return false;
        }
        try (java.sql.Connection c = pool.getConnection()) {
            Map<TopicPartition, Long> stored = offsets.load(c, mine.keySet());
            return stored.entrySet().stream().anyMatch(e -> e.getValue() != AppliedOffsetStore.NONE
                    && !e.getValue().equals(mine.get(e.getKey())));
        } catch (java.sql.SQLException e) {
            return false; // Postgres is away; the writer's retries deal with that
        }
    }

    private void awaitWriterIdle() {
        try {
            handoff.invalidateAndAwaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the batch in flight", e);
        }
    }
}
