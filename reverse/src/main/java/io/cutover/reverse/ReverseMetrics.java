package io.cutover.reverse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reverse path's metrics, in the shape of the forward ones: {@code cutover_reverse_lag_events{topic}},
 * {@code cutover_reverse_lag_seconds{table}}, {@code cutover_reverse_events_applied_total{table,op}},
 * {@code cutover_reverse_errors_total{kind}} and {@code cutover_reverse_slot_retained_wal_bytes}
 * (the WAL the slot keeps: an abandoned slot fills the disk).
 */
public final class ReverseMetrics {
    private static final Map<String, AtomicLong> LAG = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> LAG_MS = new ConcurrentHashMap<>();
    private static final AtomicLong RETAINED = new AtomicLong(-1);

    static {
        Gauge.builder("cutover.reverse.slot.retained.wal.bytes", RETAINED, v -> v.get() < 0 ? Double.NaN : v.get())
                .description("WAL the reverse replication slot keeps from being recycled")
                .register(Metrics.globalRegistry);
        // Registered at 0 so that the family is there, and the rate of the first error is seen.
        Counter.builder("cutover.reverse.errors").description("Reverse path errors by kind")
                .tag("kind", "apply").register(Metrics.globalRegistry);
    }

    private ReverseMetrics() {
    }

    static void applied(String table, String op, long n) {
        Counter.builder("cutover.reverse.events.applied").description("Postgres changes written back to the source")
                .tag("table", table).tag("op", op).register(Metrics.globalRegistry).increment(n);
    }

    public static void error(String kind) {
        Counter.builder("cutover.reverse.errors").description("Reverse path errors by kind")
                .tag("kind", kind).register(Metrics.globalRegistry).increment();
    }

    static void lag(String topic, long events) {
        LAG.computeIfAbsent(topic, t -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.reverse.lag.events", v, AtomicLong::get).tag("topic", t)
                    .description("Reverse events in Kafka not yet written back").register(Metrics.globalRegistry);
            return v;
        }).set(events);
    }

    static void lagMillis(String table, long millis) {
        LAG_MS.computeIfAbsent(table, t -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.reverse.lag.seconds", v, x -> x.get() / 1000.0).tag("table", t)
                    .description("Age of the last Postgres change written back, when written").register(Metrics.globalRegistry);
            return v;
        }).set(millis);
    }

    /** Registers the families that exist before any event (called when the reverse path is configured). */
    public static void init() {
        // the static initialiser did it
    }

    /** Sets {@code cutover_reverse_slot_retained_wal_bytes}; negative when there is no slot. */
    public static void retainedWal(long bytes) {
        RETAINED.set(bytes);
    }
}
