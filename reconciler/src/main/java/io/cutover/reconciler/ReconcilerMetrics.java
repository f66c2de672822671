package io.cutover.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The reconciler's metrics of DESIGN.md section 4, on Micrometer's global registry. */
public final class ReconcilerMetrics {
    private final MeterRegistry reg = Metrics.globalRegistry;
    private final Map<List<String>, AtomicLong> mismatched = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> suspects = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastClean = new ConcurrentHashMap<>();

    void compared(String table, long n) {
        Counter.builder("cutover.reconcile.rows.compared").description("Rows compared, both sides")
                .tag("table", table).register(reg).increment(n);
    }

    void repaired(String table) {
        Counter.builder("cutover.reconcile.repairs").description("Confirmed mismatches re-emitted through capture")
                .tag("table", table).register(reg).increment();
    }

    /** Confirmed mismatches of one table and kind, now. */
    void mismatched(String table, String kind, long n) {
        mismatched.computeIfAbsent(List.of(table, kind), k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.reconcile.mismatched.rows", v, AtomicLong::get).description("Confirmed mismatches")
                    .tag("table", k.get(0)).tag("kind", k.get(1)).register(reg);
            return v;
        }).set(n);
    }

    void suspects(String table, long n) {
        suspects.computeIfAbsent(table, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.reconcile.suspect.rows", v, AtomicLong::get)
                    .description("Differences waiting for the pipeline to pass them").tag("table", k).register(reg);
            return v;
        }).set(n);
    }

    void cleanPass(String table, long epochMillis) {
        lastClean.computeIfAbsent(table, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.reconcile.last.clean.pass.timestamp", v, x -> x.get() / 1000.0)
                    .baseUnit("seconds").description("End of the last full pass that found the table equal")
                    .tag("table", k).register(reg);
            return v;
        }).set(epochMillis);
    }
}
