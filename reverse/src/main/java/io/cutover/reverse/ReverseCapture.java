package io.cutover.reverse;

import io.cutover.control.MigratedTables;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Captures Postgres's changes to the migrated tables after the write switch: Debezium's Postgres
 * connector (logical decoding with {@code pgoutput}, from the slot and publication that
 * {@link ReplicationSetup} made) hosted in the embedded engine, as capture hosts its connectors. Each
 * change goes to {@code <prefix>.reverse.<source>.<table>}; a change of the drain marker table goes
 * to the marker topic once everything before it is acknowledged, which is how rollback knows the
 * path holds every change committed before its fence. A record is marked processed (so the slot may
 * release its WAL) only after Kafka acknowledged it.
 */
public final class ReverseCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseCapture.class);
    private final ReverseSettings settings;
    private final Map<String, MigratedTables.Table> byTarget = new HashMap<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService executor;
    private ReverseSink sink;
    private volatile boolean stopping;

    public ReverseCapture(ReverseSettings settings, MigratedTables tables) {
        this.settings = settings;
        // Only tables of sources this process writes back (its SQLite files and JSON directories).
        tables.tables().stream().filter(t -> settings.writesBack(t.source()))
                .forEach(t -> byTarget.put(t.targetSchema() + "." + t.targetTable(), t));
    }

    /** Starts streaming from the slot; returns at once. */
    public synchronized void start() throws Exception {
        Files.createDirectories(settings.stateDir());
        sink = new ReverseSink(settings);
        sink.ensureTopics(byTarget.values().stream().map(t -> settings.topic(t.source(), t.sourceTable())).toList(),
                settings.markerTopic());
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(ReverseEngineProperties.of(settings, byTarget.values()))
                .notifying((records, committer) -> {
                    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
                    for (RecordChangeEvent<SourceRecord> rec : records) {
                        sendOne(rec.record(), sent);
                    }
                    awaitAll(sent);
                    for (RecordChangeEvent<SourceRecord> rec : records) {
                        committer.markProcessed(rec);
                    }
                    committer.markBatchFinished();
                })
                .using((success, message, error) -> {
                    if (!stopping && !success) {
                        LOG.error("reverse capture stopped: {}", message, error);
                        failure.compareAndSet(null, message + (error == null ? "" : ": " + error.getMessage()));
                    }
                })
                .build();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cutover-reverse-capture");
            t.setDaemon(true);
            return t;
        });
        executor.execute(engine);
        executor.shutdown();
    }

    private void sendOne(SourceRecord r, List<Future<RecordMetadata>> sent) throws InterruptedException {
        Optional<String[]> where = ReverseEvents.table(r);
        if (where.isEmpty()) {
            return; // heartbeats and transaction markers carry nothing to write back
        }
        String schema = where.get()[0];
        String table = where.get()[1];
        if (schema.equals(settings.controlSchema()) && table.equals(ReplicationSetup.MARKER_TABLE)) {
            String token = ReverseEvents.markerToken(r);
            if (token != null) {
                awaitAll(sent); // the marker says: everything before me is in Kafka
                byte[] b = token.getBytes(StandardCharsets.UTF_8);
                sent.add(sink.send(settings.markerTopic(), b, b));
            }
            return;
        }
        MigratedTables.Table t = byTarget.get(schema + "." + table);
        if (t == null) {
            return; // in the publication but not migrated by this pipeline
        }
        ChangeEvent e = ReverseEvents.toEvent(r, t);
        String topic = settings.topic(t.source(), t.sourceTable());
        byte[] key = EnvelopeCodec.encodeKey(e.key());
        sent.add(sink.send(topic, key, EnvelopeCodec.encodeValue(e)));
        if (e.isDelete()) {
            sent.add(sink.send(topic, key, null)); // lets compaction drop the key
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) throws InterruptedException {
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                ReverseMetrics.error("produce");
                throw new IllegalStateException("Kafka rejected a reverse record: " + e.getCause(), e);
            }
        }
        sent.clear();
    }

    /** Why the connector stopped on its own, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public synchronized void close() {
        stopping = true;
        try {
            if (engine != null) {
                engine.close();
            }
            if (executor != null) {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("closing reverse capture: {}", e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (sink != null) {
                sink.close();
            }
        }
    }
}
