package io.cutover.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capture's metrics on Micrometer's global registry (the process's HTTP endpoint adds its Prometheus
 * registry there). Names use dots; Prometheus shows them as {@code cutover_capture_*_total} etc.
 */
public final class CaptureMetrics {
    private static final Map<String, AtomicLong> BACKLOG = new ConcurrentHashMap<>();

    private final String source;

    public CaptureMetrics(String source) {
        this.source = source;
        BACKLOG.computeIfAbsent(source, s -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.capture.backlog.events", v, AtomicLong::get)
                    .description("changes recorded in the source but not yet acknowledged by Kafka")
                    .tag("source", s).register(Metrics.globalRegistry);
            return v;
        });
    }

    /** An event emitted: {@code cutover_capture_events_total{source,table,op}}. */
    public void event(String table, String op) {
        Counter.builder("cutover.capture.events").tag("source", source).tag("table", table).tag("op", op)
                .register(Metrics.globalRegistry).increment();
    }

    /** Snapshot rows read: {@code cutover_capture_snapshot_rows_total{source,table}}. */
    public void snapshotRows(String table, int n) {
        Counter.builder("cutover.capture.snapshot.rows").tag("source", source).tag("table", table)
                .register(Metrics.globalRegistry).increment(n);
    }

    /** An error by kind (busy, sql, fatal, table_dropped, produce): {@code cutover_capture_errors_total}. */
    public void error(String kind) {
        Counter.builder("cutover.capture.errors").tag("source", source).tag("kind", kind)
                .register(Metrics.globalRegistry).increment();
    }

    /** Changelog rows not yet acknowledged: {@code cutover_capture_backlog_events{source}}. */
    public void backlog(long rows) {
        BACKLOG.get(source).set(rows);
    }
}
