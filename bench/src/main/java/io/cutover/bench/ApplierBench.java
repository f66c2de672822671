package io.cutover.bench;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.Op;
import io.cutover.core.event.SourceInfo;
import io.cutover.core.schema.ColumnProfile;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.ValueProfiler;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.postgresql.PGConnection;

import java.io.PrintStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The applier beside a raw COPY of the same rows into the same Postgres (throughput), and the
 * end-to-end latency at a steady rate (event capture timestamp to Postgres commit).
 */
final class ApplierBench {
    private final int rows;
    private final int latencySeconds;

    ApplierBench(boolean quick) {
        this.rows = quick ? 50_000 : 300_000;
        this.latencySeconds = quick ? 10 : 60;
    }

    void run(PrintStream out) throws Exception {
        Metrics.addRegistry(new SimpleMeterRegistry());
        try (BenchServices s = new BenchServices()) {
            // Latency first: the timer's percentiles cover a two-minute window, which must not include
            // the throughput run's backlog.
            latency(s, out);
            double copy = copyRowsPerSecond(s);
            double applier = applierRowsPerSecond(s);
            out.println("== applier throughput: " + rows + " rows (id, email, name, score, created_at, avatar blob)");
            out.printf(Locale.ROOT, "raw COPY from Java: %.0f rows/s | applier (Kafka to Postgres, upserts + offsets): "
                    + "%.0f rows/s | ratio %.2f | target >= 0.50 %s%n", copy, applier, applier / copy,
                    applier / copy >= 0.5 ? "met" : "NOT met");
        }
    }

    private static Map<String, Object> row(long i) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", i);
        r.put("email", "user" + i + "@example.com");
        r.put("name", "User number " + i);
        r.put("score", i * 0.25);
        r.put("created_at", "2024-01-01 00:00:00");
        r.put("avatar", new byte[]{(byte) i, 1, 2, 3, 4, 5, 6, 7});
        return r;
    }

    private static TableSchema schema(String table) {
        Map<String, Object> sample = row(1);
        List<ColumnSchema> cols = new java.util.ArrayList<>();
        String[] decl = {"INTEGER", "TEXT", "TEXT", "REAL", "TEXT", "BLOB"};
        int i = 0;
        for (var e : sample.entrySet()) {
            ColumnProfile p = ValueProfiler.of(e.getValue());
            cols.add(new ColumnSchema(e.getKey(), decl[i++], false, null, e.getKey().equals("id") ? 1 : 0, p));
        }
        return new TableSchema(SourceInfo.SQLITE, "bench", table, cols, List.of("id"), false, null, List.of(), List.of());
    }

    private double copyRowsPerSecond(BenchServices s) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < rows; i++) {
            Map<String, Object> r = row(i);
            sb.append(i).append('\t').append(r.get("email")).append('\t').append(r.get("name")).append('\t')
                    .append(r.get("score")).append('\t').append(r.get("created_at")).append("\t\\\\x")
                    .append(java.util.HexFormat.of().formatHex((byte[]) r.get("avatar"))).append('\n');
        }
        try (Connection c = s.connect()) {
            c.createStatement().execute("CREATE TABLE copy_target (id bigint PRIMARY KEY, email text, name text, "
                    + "score double precision, created_at text, avatar bytea)");
            long t0 = System.nanoTime();
            ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI()
                    .copyIn("COPY copy_target FROM STDIN", new StringReader(sb.toString()));
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private double applierRowsPerSecond(BenchServices s) throws Exception {
        String topic = "bench.bench.things";
        TableSchema schema = schema("things");
        try (KafkaProducer<byte[], byte[]> p = producer(s)) {
            for (long i = 0; i < rows; i++) {
                send(p, topic, schema, row(i), System.currentTimeMillis());
            }
            p.flush();
        }
        try (Applier a = new Applier(settings(s, "throughput"))) {
            long t0 = System.nanoTime();
            a.start();
            awaitApplied(s, topic, rows, Duration.ofMinutes(10));
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private void latency(BenchServices s, PrintStream out) throws Exception {
        String topic = "bench.bench.live";
        TableSchema schema = schema("live");
        int rate = 1000;
        try (Applier a = new Applier(settings(s, "latency")); KafkaProducer<byte[], byte[]> p = producer(s)) {
            a.start();
            send(p, topic, schema, row(0), System.currentTimeMillis());
            p.flush();
            awaitApplied(s, topic, 1, Duration.ofMinutes(1));
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
                send(p, topic, schema, row(i % 5000), System.currentTimeMillis());
            }
            p.flush();
            awaitApplied(s, topic, n + 1, Duration.ofMinutes(5));
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
                Map.of(), ApplierSettings.ErrorsMode.STOP, 2000, Duration.ofMillis(50));
    }

    private static KafkaProducer<byte[], byte[]> producer(BenchServices s) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", s.bootstrap, "acks", "all", "linger.ms", 5,
                "compression.type", "lz4"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, TableSchema schema, Map<String, Object> row,
                             long ts) {
        Map<String, Object> key = Map.of("id", row.get("id"));
        ChangeEvent e = new ChangeEvent(key, null, row, Op.UPDATE, ts,
                new SourceInfo(SourceInfo.SQLITE, "bench", schema.table(), 0, ts, false));
        RecordHeaders h = new RecordHeaders();
        h.add(TableSchema.HEADER, schema.toJsonBytes());
        p.send(new ProducerRecord<>(topic, null, EnvelopeCodec.encodeKey(key), EnvelopeCodec.encodeValue(e), h));
    }

    private static void awaitApplied(BenchServices s, String topic, long n, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        try (Connection c = s.connect()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT coalesce(sum(next_offset), 0) FROM cutover.applied_offsets WHERE topic = '" + topic + "'")) {
                    if (rs.next() && rs.getLong(1) >= n) {
                        return;
                    }
                } catch (java.sql.SQLException e) {
                    // the control schema appears when the applier starts
                }
                Thread.sleep(20); // polling for completion; resolution well below the measured times
            }
        }
        throw new IllegalStateException("the applier did not apply " + n + " records to " + topic + " within " + max);
    }
}
