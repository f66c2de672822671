package io.cutover.applier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one slot between the polling thread (which decodes) and the writing thread (which applies),
 * so that Kafka, decoding and Postgres overlap. While the writer is busy, newly polled records join
 * the batch waiting in the slot, up to a cap: under load, transactions grow and their fixed cost
 * (statements, offsets, commit) is shared by more rows; when idle, each poll is applied at once.
 * A generation number discards what was decoded before a re-seek, so nothing stale is applied.
 */
final class BatchHandoff {
    /** Records handed over together, decoded under one generation. */
    record Batch(long generation, List<Decoded> records) {
    }

    private final int cap;
    private List<Decoded> waiting;
    private long waitingGeneration;
    private long generation;
    private boolean writing;
    private boolean closed;

    BatchHandoff(int cap) {
        this.cap = cap;
    }

    synchronized long generation() {
        return generation;
    }

    /** Offers records decoded under {@code gen}; blocks while the slot is full. False when stale. */
    synchronized boolean offer(long gen, List<Decoded> records) throws InterruptedException {
        while (!closed && gen == generation && waiting != null && waiting.size() + records.size() > cap) {
            wait();
        }
        if (closed || gen != generation) {
            return false;
        }
        if (waiting == null) {
            waiting = new ArrayList<>(records);
            waitingGeneration = gen;
        } else {
            waiting.addAll(records);
        }
        notifyAll();
        return true;
    }

    /** The waiting batch, or null after {@code timeoutMs}; the caller must call {@link #done()}. */
    synchronized Batch take(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (waiting == null || closed) {
            if (closed) {
                return null; // what waits is applied by the next run, from the stored offsets
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        Batch b = new Batch(waitingGeneration, waiting);
        waiting = null;
        writing = true;
        notifyAll();
        return b;
    }

    synchronized void done() {
        writing = false;
        notifyAll();
    }

    /** True while {@code gen} is current: the writer applies a batch only then. */
    synchronized boolean isCurrent(long gen) {
        return gen == generation;
    }

    /** Makes everything decoded so far stale; the writer calls it when its batch was fenced. */
    synchronized void invalidate() {
        generation++;
        waiting = null;
        notifyAll();
    }

    /**
     * Drops what waits, makes everything decoded so far stale, and waits for the batch being written
     * to finish: after this, the stored positions are final until the next offer.
     */
    synchronized long invalidateAndAwaitIdle() throws InterruptedException {
        invalidate();
        while (writing) {
            wait();
        }
        return generation;
    }

    /** At shutdown: blocked and later {@link #offer} and {@link #take} calls return at once. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
