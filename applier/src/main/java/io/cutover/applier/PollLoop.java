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
        while (running.getAsBoolean()) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(pollTimeout);
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

    private void awaitWriterIdle() {
        try {
            handoff.invalidateAndAwaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the batch in flight", e);
        }
    }
}
