package io.cutover.applier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchHandoffTest {

    private static List<Decoded> records(int from, int n) {
        List<Decoded> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new Decoded(new ConsumerRecord<>("t", 0, i, new byte[0], new byte[0]), null, null));
        }
        return out;
    }

    @Test
    void recordsPolledWhileTheWriterIsBusyJoinTheWaitingBatchInOrder() throws Exception {
        BatchHandoff h = new BatchHandoff(10);
        long gen = h.generation();
        assertThat(h.offer(gen, records(0, 3))).isTrue();
        assertThat(h.offer(gen, records(3, 4))).isTrue();
        BatchHandoff.Batch b = h.take(1000);
        assertThat(b.records()).extracting(d -> d.origin().offset()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(h.take(10)).as("nothing waits after a take").isNull();
    }

    @Test
    void aFullSlotBlocksThePollerUntilTheWriterTakesIt() throws Exception {
        BatchHandoff h = new BatchHandoff(5);
        long gen = h.generation();
        h.offer(gen, records(0, 4));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return h.offer(gen, records(4, 4));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(second).isNotDone();
        assertThat(h.take(1000).records()).hasSize(4);
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(h.take(1000).records()).extracting(d -> d.origin().offset()).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void recordsDecodedBeforeAReseekAreNeverHandedOver() throws Exception {
        BatchHandoff h = new BatchHandoff(100);
        long old = h.generation();
        h.offer(old, records(0, 3));
        long now = h.invalidateAndAwaitIdle();
        assertThat(now).isNotEqualTo(old);
        assertThat(h.offer(old, records(3, 3))).as("a stale offer is refused").isFalse();
        assertThat(h.take(10)).as("what waited was dropped").isNull();
        assertThat(h.isCurrent(old)).isFalse();
    }

    @Test
    void invalidationWaitsForTheBatchBeingWritten() throws Exception {
        BatchHandoff h = new BatchHandoff(100);
        h.offer(h.generation(), records(0, 1));
        h.take(1000);
        CompletableFuture<Long> invalidated = CompletableFuture.supplyAsync(() -> {
            try {
                return h.invalidateAndAwaitIdle();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(invalidated).isNotDone();
        h.done();
        await().atMost(Duration.ofSeconds(5)).until(invalidated::isDone);
    }

    @Test
    void closeReleasesABlockedPollerAndWriter() throws Exception {
        BatchHandoff h = new BatchHandoff(1);
        h.offer(h.generation(), records(0, 1));
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return h.offer(h.generation(), records(1, 1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        h.close();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(h.take(60_000)).as("take returns at once after close").isNull();
    }
}
