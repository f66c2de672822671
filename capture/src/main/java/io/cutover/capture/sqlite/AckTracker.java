package io.cutover.capture.sqlite;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The highest changelog seq whose events, and all events before them, Kafka has acknowledged.
 * The embedded runner acknowledges in order, but a Kafka Connect worker acknowledges per partition,
 * out of order: deleting changelog rows up to an acknowledged seq while an earlier event is still
 * in flight could lose it on a crash. So only the acknowledged prefix counts.
 */
final class AckTracker {
    /** Emitted records in order: {seq, outstanding count}; records sharing a seq share an entry. */
    private final Deque<long[]> inFlight = new ArrayDeque<>();
    private long acked;

    AckTracker(long start) {
        this.acked = start;
    }

    synchronized void emitted(long seq) {
        long[] last = inFlight.peekLast();
        if (last != null && last[0] == seq) {
            last[1]++;
        } else {
            inFlight.addLast(new long[]{seq, 1});
        }
    }

    synchronized void acknowledged(long seq) {
        for (long[] e : inFlight) {
            if (e[0] == seq && e[1] > 0) {
                e[1]--;
                break;
            }
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst()[1] == 0) {
            acked = Math.max(acked, inFlight.removeFirst()[0]);
        }
    }

    /** Every changelog row up to this seq is covered by acknowledged events. */
    synchronized long acked() {
        return acked;
    }
}
