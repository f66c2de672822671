package io.cutover.reverse;

import io.cutover.control.MigratedTables;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the reverse topics back into the SQLite and JSON sources. Kafka's committed offsets are never used:
 * each source file stores the positions of its own topics in the transaction that applies them
 * ({@link SqliteWriteBack}), and a (re)assigned partition is sought there. One poll's records of
 * one file are one transaction. Lock contention with the app is retried with a bounded backoff; a
 * record SQLite rejects (a constraint of the source that Postgres does not have) stops the applier
 * with the table and key, because skipping it would make a rollback lose it; a restart resumes from
 * the stored positions. A JSON source's files are rewritten by {@link JsonWriteBack}, which stores its
 * positions beside capture's state after the files; an unreadable or unwritable file is retried with
 * the same backoff, then stops the applier.
 */
public final class ReverseApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseApplier.class);
    private final ReverseSettings settings;
    private final Map<String, String> sourceOfTopic = new HashMap<>();
    private final Map<String, WriteBackTarget> targets = new HashMap<>();
    private final MigratedTables tables;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private volatile boolean running = true;

    public ReverseApplier(ReverseSettings settings, MigratedTables tables) {
        this.settings = settings;
        this.tables = tables;
        for (MigratedTables.Table t : tables.tables()) {
            if (settings.writesBack(t.source())) {
                sourceOfTopic.put(settings.topic(t.source(), t.sourceTable()), t.source());
            }
        }
    }

    public synchronized void start() throws SQLException {
        for (Map.Entry<String, Path> e : settings.sqliteSources().entrySet()) {
            targets.put(e.getKey(), new SqliteWriteBack(e.getValue()));
        }
        settings.jsonSources().forEach((name, view) -> targets.put(name, new JsonWriteBack(view, tables)));
        Map<String, Object> p = new HashMap<>(settings.kafkaProperties());
        p.put("bootstrap.servers", settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.topicPrefix() + "-reverse");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 3000);
        // One poll is one SQLite transaction per file: larger polls mean fewer commits under load.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::loop, "cutover-reverse-applier");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            consumer.subscribe(settings.topics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                    seekToStored(parts);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    applyWithRetry(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure.compareAndSet(null, "woken up unexpectedly");
            }
        } catch (Exception e) {
            ReverseMetrics.error("apply");
            LOG.error("the reverse applier stopped; a restart resumes from the positions stored in the SQLite files", e);
            failure.compareAndSet(null, e.getMessage());
        } finally {
            consumer.close();
        }
    }

    private void seekToStored(Collection<TopicPartition> parts) {
        try {
            Map<String, Long> stored = new HashMap<>();
            for (WriteBackTarget t : targets.values()) {
                stored.putAll(t.offsets());
            }
            for (TopicPartition tp : parts) {
                consumer.seek(tp, stored.getOrDefault(tp.topic() + "/" + tp.partition(), 0L));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the reverse positions of the sources: " + e.getMessage(), e);
        }
    }

    private void applyWithRetry(ConsumerRecords<byte[], byte[]> records) throws Exception {
        Map<String, List<ChangeEvent>> bySource = new LinkedHashMap<>();
        Map<String, Map<String, Long>> offsets = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String source = sourceOfTopic.get(r.topic());
            if (source == null) {
                continue; // a table this process does not write back (another pipeline's)
            }
            offsets.computeIfAbsent(source, s -> new HashMap<>()).put(r.topic() + "/" + r.partition(), r.offset() + 1);
            if (r.value() != null) {
                bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(EnvelopeCodec.decode(r.key(), r.value()));
            }
        }
        for (var e : offsets.entrySet()) {
            List<ChangeEvent> events = bySource.getOrDefault(e.getKey(), List.of());
            long backoff = 100;
            for (int attempt = 1; ; attempt++) {
                try {
                    targets.get(e.getKey()).apply(events, e.getValue());
                    break;
                } catch (Exception ex) {
                    String kind = WriteBackTarget.retriable(ex);
                    if (kind == null || attempt >= 8) {
                        throw new IllegalStateException("cannot write back to source " + e.getKey() + " after " + attempt
                                + " attempts: " + ex.getMessage(), ex);
                    }
                    ReverseMetrics.error(kind);
                    Thread.sleep(backoff); // bounded backoff: the app may hold the file's write lock
                    backoff = Math.min(backoff * 2, 5000);
                }
            }
            Map<String, Long> counts = new HashMap<>();
            Map<String, Long> oldest = new HashMap<>();
            for (ChangeEvent ev : events) {
                counts.merge(ev.source().table() + "\u0000" + ev.op().code(), 1L, Long::sum);
                oldest.merge(ev.source().table(), ev.tsMs(), Math::min);
            }
            counts.forEach((k, n) -> ReverseMetrics.applied(k.substring(0, k.indexOf('\u0000')), k.substring(k.indexOf('\u0000') + 1), n));
            oldest.forEach((table, ts) -> ReverseMetrics.lagMillis(table, Math.max(0, now - ts)));
        }
    }

    /** Why the applier stopped on its own, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    public boolean running() {
        return thread != null && thread.isAlive();
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (WriteBackTarget t : targets.values()) {
            try {
                t.close();
            } catch (Exception e) {
                LOG.warn("closing a write-back target: {}", e.getMessage());
            }
        }
    }
}
