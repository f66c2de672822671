package io.cutover.applier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The applier's metrics of DESIGN.md section 4, on Micrometer's global registry. */
final class ApplierMetrics {
    private final MeterRegistry reg = Metrics.globalRegistry;
    private final Timer batch = Timer.builder("cutover.applier.batch.duration")
            .description("One applied batch: decode, write, offsets, commit").publishPercentileHistogram().register(reg);
    private final Timer e2e = Timer.builder("cutover.applier.end.to.end.latency")
            .description("From source capture to Postgres commit, per event").publishPercentileHistogram()
            .publishPercentiles(0.5, 0.99)
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10)).register(reg);
    private final Map<TopicPartition, AtomicLong> lagEvents = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();

    void applied(String table, String op, long n) {
        Counter.builder("cutover.applier.events.applied").tag("table", table).tag("op", op).register(reg).increment(n);
    }

    /** Rows upserted, by write method ({@code copy} or {@code insert}): shows which path large batches take. */
    void written(String method, long rows) {
        Counter.builder("cutover.applier.rows.written").tag("method", method)
                .description("Rows upserted into Postgres by committed batches, by write method").register(reg).increment(rows);
    }

    /**
     * Registers the per-table counters at zero when a table is first applied, so that dashboards and
     * alerts see a series (and {@code increase()} sees the first dead letter) before anything failed.
     */
    void tableSeen(String table) {
        Counter.builder("cutover.applier.dlq.events").tag("table", table).register(reg);
    }

    void deadLettered(String table) {
        Counter.builder("cutover.applier.dlq.events").tag("table", table).register(reg).increment();
    }

    void batch(long nanos) {
        batch.record(Duration.ofNanos(nanos));
    }

    void endToEnd(long captureMillis, long commitMillis) {
        e2e.record(Duration.ofMillis(Math.max(0, commitMillis - captureMillis)));
    }

    void lagEvents(TopicPartition tp, long lag) {
        lagEvents.computeIfAbsent(tp, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.applier.lag.events", v, AtomicLong::get).tag("topic", k.topic())
                    .tag("partition", Integer.toString(k.partition())).register(reg);
            return v;
        }).set(lag);
    }

    /** Age of the oldest unapplied change of a table, in milliseconds (0 when caught up). */
    void lagSeconds(String table, long millis) {
        lagMillis.computeIfAbsent(table, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.applier.lag.seconds", v, x -> x.get() / 1000.0).tag("table", k).register(reg);
            return v;
        }).set(millis);
    }
}
