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

    static {
        MeterRegistry reg = Metrics.globalRegistry;
        Gauge.builder("cutover.reads.on.postgres", last, r -> r.get() != null && r.get().phase().reads().equals("postgres") ? 1 : 0)
                .description("1 when apps read Postgres").register(reg);
        Gauge.builder("cutover.writes.on.postgres", last, r -> r.get() != null && r.get().phase().writes().equals("postgres") ? 1 : 0)
                .description("1 when apps write Postgres").register(reg);
        Gauge.builder("cutover.write.freeze", last, r -> r.get() == null || r.get().freezeSeconds() == null
                        ? Double.NaN : r.get().freezeSeconds())
                .baseUnit("seconds").description("The last write freeze, from fencing the source to flipping writes")
                .register(reg);
    }

    public void observe(CutoverState s) {
        last.set(s);
    }
}
