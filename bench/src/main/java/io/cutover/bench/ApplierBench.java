package io.cutover.bench;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.core.event.Op;
import io.cutover.core.schema.TableSchema;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The applier beside a raw COPY of the same rows into the same Postgres and beside a plain
 * consumer of the same topic (throughput), and the end-to-end latency at a steady rate (event
 * capture timestamp to Postgres commit).
 */
final class ApplierBench {
    private final int rows;
    private final int latencySeconds;
    private final int batch = Integer.getInteger("cutover.bench.batch", 10_000);

    ApplierBench(boolean quick) {
        this.rows = Bench.rows(quick ? 100_000 : 1_000_000);
        this.latencySeconds = quick ? 10 : 60;
    }

    void run(PrintStream out) throws Exception {
        Metrics.addRegistry(new SimpleMeterRegistry());
        try (BenchServices s = new BenchServices()) {
            // Latency first: the timer's percentiles cover a two-minute window, which must not include
            // the throughput run's backlog.
            latency(s, out);
            throughput(s, out);
        }
    }

    /** The throughput figures alone ({@code bin/bench applier-throughput}). */
    void throughput(PrintStream out) throws Exception {
        Metrics.addRegistry(new SimpleMeterRegistry());
        try (BenchServices s = new BenchServices()) {
            throughput(s, out);
        }
    }

    private void throughput(BenchServices s, PrintStream out) throws Exception {
        String topic = "bench.bench.things";
        TableSchema schema = ApplierWorkload.schema("things");
        double copy = ThroughputAnchors.copyRowsPerSecond(s, rows);
        ApplierWorkload.produce(s, topic, schema, rows, Op.READ);
        double consume = ThroughputAnchors.consumeRowsPerSecond(s, topic, rows);
        double inserts = applierRowsPerSecond(s, topic, rows);
        ApplierWorkload.produce(s, topic, schema, rows, Op.UPDATE);
        double updates = applierRowsPerSecond(s, topic, 2L * rows);
        out.println("== applier throughput: " + rows + " rows (id, email, name, score, created_at, avatar blob), "
                + "applier.batch-size " + batch);
        out.printf(Locale.ROOT, "raw COPY from Java into an empty table (encoding included): %.0f rows/s%n", copy);
        out.printf(Locale.ROOT, "plain consumer reading the topic, doing nothing: %.0f rows/s%n", consume);
        out.printf(Locale.ROOT, "applier, initial sync (snapshot reads into the empty table, offsets in the same "
                + "transaction): %.0f rows/s | ratio to COPY %.2f | target >= 0.50 %s%n", inserts, inserts / copy,
                inserts / copy >= 0.5 ? "met" : "NOT met");
        out.printf(Locale.ROOT, "applier, streaming updates (every key already in Postgres, upsert merge): "
                + "%.0f rows/s | ratio to COPY %.2f%n", updates, updates / copy);
    }

    /**
     * Times a fresh applier of the throughput group from its start, group join included, until its
     * stored offsets reach {@code untilOffset} (the events were produced before, not timed).
     */
    private double applierRowsPerSecond(BenchServices s, String topic, long untilOffset) throws Exception {
        try (Applier a = new Applier(settings(s, "throughput"))) {
            long t0 = System.nanoTime();
            a.start();
            ApplierWorkload.awaitApplied(s, topic, untilOffset, Duration.ofMinutes(10));
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private void latency(BenchServices s, PrintStream out) throws Exception {
        String topic = "bench.bench.live";
        TableSchema schema = ApplierWorkload.schema("live");
        int rate = 1000;
        try (Applier a = new Applier(settings(s, "latency"));
             KafkaProducer<byte[], byte[]> p = ApplierWorkload.producer(s)) {
            a.start();
            ApplierWorkload.send(p, topic, schema, ApplierWorkload.row(0), System.currentTimeMillis(), Op.UPDATE);
            p.flush();
            ApplierWorkload.awaitApplied(s, topic, 1, Duration.ofMinutes(1));
            Timer e2e = Metrics.globalRegistry.find("cutover.applier.end.to.end.latency").timer();
            long before = e2e == null ? 0 : e2e.count();
            long start = System.nanoTime();
            long n = rate * (long) latencySeconds;
            for (long i = 1; i <= n; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the load at a steady rate
                }
                ApplierWorkload.send(p, topic, schema, ApplierWorkload.row(i % 5000), System.currentTimeMillis(), Op.UPDATE);
            }
            p.flush();
            ApplierWorkload.awaitApplied(s, topic, n + 1, Duration.ofMinutes(5));
            e2e = Metrics.globalRegistry.find("cutover.applier.end.to.end.latency").timer();
            var snap = e2e.takeSnapshot();
            double p50 = 0, p99 = 0;
            for (ValueAtPercentile v : snap.percentileValues()) {
                if (v.percentile() == 0.5) p50 = v.value(TimeUnit.MILLISECONDS);
                if (v.percentile() == 0.99) p99 = v.value(TimeUnit.MILLISECONDS);
            }
            out.printf(Locale.ROOT, "== end-to-end latency at %d changes/s for %d s (%d events measured; producer "
                    + "timestamp to Postgres commit, linger 5 ms): p50 %.0f ms | p99 %.0f ms | max %.0f ms | "
                    + "target p99 < 1000 ms %s%n", rate, latencySeconds, e2e.count() - before, p50, p99,
                    snap.max(TimeUnit.MILLISECONDS), p99 < 1000 ? "met" : "NOT met");
        }
    }

    private ApplierSettings settings(BenchServices s, String group) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return new ApplierSettings(s.bootstrap, Map.of(), "bench", group, s.jdbcUrl(), p, "public", "cutover",
                Map.of(), ApplierSettings.ErrorsMode.STOP, batch, Duration.ofMillis(50));
    }
}
