package io.cutover.reconciler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Differences not yet confirmed. A difference may be a change in flight, so it is recorded with the
 * source position at which it was seen (the changelog's highest seq then); it is rechecked only
 * once the pipeline has carried everything up to that position into Postgres.
 */
public final class SuspectTracker {
    /** Identity of a key across passes. */
    public record Id(String table, List<Object> key) {
        static Id of(Difference d) {
            return new Id(d.table().label(), d.key());
        }
    }

    /** One suspect: the difference, the changelog seq when seen, and the topic end offsets once capture passed it. */
    public static final class Suspect {
        final Difference difference;
        final long seq;
        final long seenNanos;
        Map<Integer, Long> endOffsets;

        Suspect(Difference difference, long seq, long seenNanos) {
            this.difference = difference;
            this.seq = seq;
            this.seenNanos = seenNanos;
        }

        public Difference difference() {
            return difference;
        }
    }

    private final Map<Id, Suspect> suspects = new LinkedHashMap<>();

    /** Records a difference seen at changelog position {@code seq}; a key already suspect keeps its position. */
    public void add(Difference d, long seq) {
        suspects.putIfAbsent(Id.of(d), new Suspect(d, seq, System.nanoTime()));
    }

    /** Records a difference anew (the source changed since it was seen, or a repair was written). */
    public void renew(Difference d, long seq) {
        suspects.put(Id.of(d), new Suspect(d, seq, System.nanoTime()));
    }

    public boolean contains(Id id) {
        return suspects.containsKey(id);
    }

    public void remove(Id id) {
        suspects.remove(id);
    }

    public List<Suspect> all() {
        return new ArrayList<>(suspects.values());
    }

    public int size() {
        return suspects.size();
    }

    public long count(String tableLabel) {
        return suspects.keySet().stream().filter(i -> i.table().equals(tableLabel)).count();
    }
}
