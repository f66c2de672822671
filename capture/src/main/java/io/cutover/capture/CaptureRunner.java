package io.cutover.capture;

import io.cutover.capture.json.JsonFileSourceConnector;
import io.cutover.capture.sqlite.SqliteFiles;
import io.cutover.capture.sqlite.SqliteSourceConnector;
import io.cutover.capture.sqlite.TriggerInstaller;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The capture service: hosts one {@link SqliteSourceConnector} per SQLite source and one
 * {@link JsonFileSourceConnector} per JSON directory in Debezium's embedded engine and produces their
 * records to Kafka.
 *
 * <pre>
 *   CREATED --start()--> STARTING --> SNAPSHOTTING --> STREAMING --stop()--> STOPPING --> STOPPED
 *                           \______________\_______________\--(fatal error)--> FAILED
 * </pre>
 * A record is marked processed (and its changelog rows become deletable) only after Kafka
 * acknowledged it. Offsets live in {@code <stateDir>/<source>.offsets}. Lock contention with the
 * app (SQLITE_BUSY) is retried with a bounded backoff; errors no retry can fix (file missing, not a
 * database) end in {@link State#FAILED} with {@link #failure()} saying what to do.
 *
 * <p>Usage: {@code try (var r = new CaptureRunner(settings)) { r.start(); ... }}.
 */
public final class CaptureRunner implements AutoCloseable {
    /** Lifecycle states. */
    public enum State { CREATED, STARTING, SNAPSHOTTING, STREAMING, STOPPING, STOPPED, FAILED }

    private static final Logger LOG = LoggerFactory.getLogger(CaptureRunner.class);

    private final CaptureSettings settings;
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final List<DebeziumEngine<RecordChangeEvent<SourceRecord>>> engines = new ArrayList<>();
    private ExecutorService executor;
    private KafkaEventSink sink;

    public CaptureRunner(CaptureSettings settings) {
        this.settings = settings;
    }

    /** Starts capturing every source; returns at once. Call once. */
    public synchronized void start() {
        if (!state.compareAndSet(State.CREATED, State.STARTING)) {
            throw new IllegalStateException("start() called in state " + state.get());
        }
        try {
            Files.createDirectories(settings.stateDir());
            sink = new KafkaEventSink(settings);
            executor = Executors.newFixedThreadPool(Math.max(1, sourceNames().size()), r -> {
                Thread t = new Thread(r, "cutover-capture-engine");
                t.setDaemon(true);
                return t;
            });
            Map<String, Properties> sources = new LinkedHashMap<>();
            settings.sqliteSources().forEach(s -> sources.put(s.name(), EngineProperties.of(settings, s)));
            settings.jsonSources().forEach(s -> sources.put(s.name(), EngineProperties.of(settings, s)));
            for (var src : sources.entrySet()) {
                String name = src.getKey();
                DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                        .using(src.getValue())
                        .notifying((records, committer) -> {
                            // Produce the batch, then acknowledge in order, each only once Kafka has it.
                            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
                            for (RecordChangeEvent<SourceRecord> r : records) {
                                sent.add(sink.send(r.record()));
                            }
                            for (int i = 0; i < records.size(); i++) {
                                try {
                                    sent.get(i).get();
                                } catch (java.util.concurrent.ExecutionException e) {
                                    new CaptureMetrics(name).error("produce");
                                    throw new IllegalStateException(rejected(name, records.get(i).record(), e.getCause()), e);
                                }
                                committer.markProcessed(records.get(i));
                            }
                            committer.markBatchFinished();
                        })
                        .using((success, message, error) -> finished(name, success, message, error))
                        .build();
                engines.add(engine);
                executor.execute(engine);
            }
            executor.shutdown();
        } catch (IOException | RuntimeException e) {
            fail("capture could not start: " + e.getMessage());
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Names the source, topic and key of a record Kafka refused, and for a too-large one the setting to raise. */
    static String rejected(String source, SourceRecord r, Throwable cause) {
        String key = r.key() instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(r.key());
        String hint = cause instanceof org.apache.kafka.common.errors.RecordTooLargeException
                ? "; the record is larger than max.request.size (kafka.properties.max.request.size) or the topic's max.message.bytes"
                : "";
        return "Kafka rejected a record of source " + source + ", topic " + r.topic() + ", key "
                + (key.length() > 200 ? key.substring(0, 200) + "..." : key) + ": " + cause + hint;
    }

    /** The current lifecycle state. */
    public State state() {
        State s = state.get();
        if (s != State.STARTING && s != State.SNAPSHOTTING && s != State.STREAMING) {
            return s;
        }
        boolean allStreaming = true;
        boolean anySnapshot = false;
        for (String src : sourceNames()) {
            Optional<CaptureStatus.Phase> p = CaptureStatus.phase(src);
            allStreaming &= p.filter(x -> x == CaptureStatus.Phase.STREAMING).isPresent();
            anySnapshot |= p.filter(x -> x == CaptureStatus.Phase.SNAPSHOTTING).isPresent();
        }
        State now = anySnapshot ? State.SNAPSHOTTING : allStreaming ? State.STREAMING : State.STARTING;
        state.compareAndSet(s, now);
        return state.get();
    }

    /** Why capture failed, when {@link #state()} is {@link State#FAILED}. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Stops every source cleanly: in-flight records are acknowledged and offsets flushed. */
    public synchronized void stop() {
        State s = state.get();
        if (s == State.STOPPED || s == State.CREATED) {
            state.set(State.STOPPED);
            return;
        }
        if (s != State.FAILED) {
            state.set(State.STOPPING);
        }
        closeEngines();
        state.compareAndSet(State.STOPPING, State.STOPPED);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Removes capture from the sources' databases: triggers, changelog, and the offset files, so a
     * later capture starts with a fresh snapshot. With {@code execute} false, only describes it.
     *
     * @return one line per action, for the operator to read
     */
    public static List<String> uninstall(CaptureSettings settings, boolean execute) throws SQLException, IOException {
        List<String> plan = new ArrayList<>();
        for (CaptureSettings.Sqlite s : settings.sqliteSources()) {
            plan.add("drop Cutover triggers and table " + TriggerInstaller.CHANGES + " from " + s.path());
            Path offsets = EngineProperties.offsetFile(settings, s);
            plan.add("delete capture offsets " + offsets);
            if (execute) {
                try (Connection c = SqliteFiles.open(s.path(), 5000)) {
                    new TriggerInstaller(c).uninstall();
                }
                Files.deleteIfExists(offsets);
            }
        }
        for (CaptureSettings.JsonDir s : settings.jsonSources()) {
            Path offsets = settings.stateDir().resolve(s.name() + ".offsets");
            Path states = EngineProperties.jsonStateDir(settings, s);
            plan.add("delete capture offsets " + offsets + " and JSON file states " + states
                    + " (the JSON files themselves are not touched)");
            if (execute) {
                Files.deleteIfExists(offsets);
                if (Files.isDirectory(states)) {
                    try (var files = Files.list(states)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(states);
                }
            }
        }
        return plan;
    }

    private List<String> sourceNames() {
        List<String> names = new ArrayList<>();
        settings.sqliteSources().forEach(s -> names.add(s.name()));
        settings.jsonSources().forEach(s -> names.add(s.name()));
        return names;
    }


    private void finished(String source, boolean success, String message, Throwable error) {
        State s = state.get();
        if (s == State.STOPPING || s == State.STOPPED) {
            return;
        }
        String why = "source " + source + ": " + (error != null && error.getMessage() != null ? rootMessage(error) : message);
        LOG.error("capture stopped: {}", why, error);
        fail(why);
        // Stop the other sources from another thread: this one belongs to the failing engine.
        Thread t = new Thread(this::closeEngines, "cutover-capture-stop");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The message that says what to do: a fatal source error's own (it names the file and the fix),
     * else the root cause's (Kafka Connect wraps everything in messages that say nothing).
     */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (true) {
            if (t instanceof SqliteFiles.FatalSourceException && t.getMessage() != null) {
                return t.getMessage();
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : e.getMessage();
    }

    private void fail(String why) {
        failure.compareAndSet(null, why);
        state.set(State.FAILED);
    }

    private synchronized void closeEngines() {
        for (DebeziumEngine<?> e : engines) {
            try {
                e.close();
            } catch (IOException | RuntimeException ex) {
                LOG.warn("closing capture engine: {}", ex.getMessage());
            }
        }
        engines.clear();
        if (executor != null) {
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        if (sink != null) {
            sink.close();
            sink = null;
        }
    }
}
