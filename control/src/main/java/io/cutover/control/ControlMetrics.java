package io.cutover.control;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The control metrics of DESIGN.md section 4: {@code cutover_reads_on_postgres},
 * {@code cutover_writes_on_postgres} and {@code cutover_write_freeze_seconds} (the last freeze, fence
 * to flip; NaN until writes were switched), from the last state read.
 */
public final class ControlMetrics {
    // One state per process: Micrometer keeps the first gauge registered under a name.
    private static final AtomicReference<CutoverState> last = new AtomicReference<>();
    private static final java.util.concurrent.atomic.AtomicInteger READY = new java.util.concurrent.atomic.AtomicInteger();

    static {
        MeterRegistry reg = Metrics.globalRegistry;
        Gauge.builder("cutover.reads.on.postgres", last, r -> r.get() != null && r.get().phase().reads().equals("postgres") ? 1 : 0)
                .description("1 when apps read Postgres").register(reg);
        Gauge.builder("cutover.writes.on.postgres", last, r -> r.get() != null && r.get().phase().writes().equals("postgres") ? 1 : 0)
                .description("1 when apps write Postgres").register(reg);
        Gauge.builder("cutover.ready", READY, java.util.concurrent.atomic.AtomicInteger::get)
                .description("1 when the readiness gate passes: lag within bounds, a recent clean full pass, no mismatch")
                .register(reg);
        Gauge.builder("cutover.write.freeze", last, r -> r.get() == null || r.get().freezeSeconds() == null
                        ? Double.NaN : r.get().freezeSeconds())
                .baseUnit("seconds").description("The last write freeze, from fencing the source to flipping writes")
                .register(reg);
    }

    /** {@code cutover_ready}: 1 while the readiness gate passes (or reads are already flipped). */
    public void ready(boolean ready) {
        READY.set(ready ? 1 : 0);
    }

    public void observe(CutoverState s) {
        last.set(s);
    }
}
