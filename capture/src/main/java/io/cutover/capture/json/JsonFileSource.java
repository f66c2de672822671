package io.cutover.capture.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.capture.CaptureMetrics;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.Op;
import io.cutover.core.event.SourceInfo;
import io.cutover.core.event.ValueCodec;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One directory of JSON files under capture, independent of Kafka Connect: turns each settled file
 * version into the events that take the last emitted state to it.
 *
 * <p>Versions: every emitted file change gets the next source seq V; its state is saved (durably)
 * as version V before the events leave, and only the last event of the change carries offset V (the
 * others the previous position). So a flushed offset V means every event up to V was acknowledged,
 * and a restart diffs each file against its newest state at or below the flushed offset: changes
 * made while capture was down, or emitted but never acknowledged, are emitted (again); none is lost
 * and none invented.
 */
final class JsonFileSource implements AutoCloseable {
    /** One change as an event, with the header of its table's schema. */
    record Emit(ChangeEvent event, byte[] schemaHeader) {
    }

    /** The events of one file change and the source position they reach. */
    record Batch(String file, long version, List<Emit> emits) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(JsonFileSource.class);

    private final JsonFileConnectorConfig cfg;
    private final CaptureMetrics metrics;
    private final FileStateStore store;
    private final DirectoryWatcher watcher;
    private final MassDeleteGuard guard;
    private final Map<String, FileState> emitted = new HashMap<>();
    private final Map<String, String> lastFailure = new HashMap<>();
    private long version;

    JsonFileSource(JsonFileConnectorConfig cfg, CaptureMetrics metrics, long acked) throws IOException {
        this.cfg = cfg;
        this.metrics = metrics;
        this.store = new FileStateStore(cfg.stateDir());
        this.guard = new MassDeleteGuard(cfg.sourceName());
        // Versions above the acknowledged offset are never reused, so a seq always names one change.
        this.version = Math.max(acked, store.maxVersion());
        for (String f : store.files()) {
            store.discardAbove(f, acked);
            store.load(f, acked).ifPresent(s -> emitted.put(f, s));
        }
        this.watcher = new DirectoryWatcher(cfg.dir(), n -> cfg.mapping(n).isPresent(), cfg.debounceMs());
    }

    /** The events of the next settled file change, or null when no file has changed. */
    Batch next(long nowMs) throws IOException {
        Batch replay = replayRequested(nowMs);
        if (replay != null) {
            return replay;
        }
        for (String file : watcher.ready(nowMs)) {
            Batch b = read(file, nowMs);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** Every present file was read (or found unreadable) at least once: the first look is done. */
    boolean handledOnce() {
        return watcher.handledOnce();
    }

    void awaitChange(long maxMs) throws InterruptedException {
        watcher.await(maxMs);
    }

    /** The offset at {@code flushed} is durable: older states are no longer needed. */
    void flushed(long flushed) throws IOException {
        for (String f : emitted.keySet()) {
            store.prune(f, flushed);
        }
        store.markAcknowledged(flushed);
        JsonRepairs.prune(cfg.stateDir(), flushed);
    }

    private Batch read(String file, long nowMs) throws IOException {
        JsonFileMapping m = cfg.mapping(file).orElseThrow();
        DirectoryWatcher.Fingerprint before = watcher.fingerprint(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(cfg.dir().resolve(file));
        } catch (NoSuchFileException e) {
            return null; // replaced or removed between the scan and the read: the next scan decides
        }
        DirectoryWatcher.Fingerprint after = watcher.fingerprint(file);
        if (before == null || !before.equals(after)) {
            return null; // written while we read: not settled yet
        }
        if (heldByFence(file, bytes)) {
            watcher.retryLater(file, after, nowMs, 500); // looked at again: the fence may be lifted
            return null;
        }
        Map<String, Map<String, Map<String, Object>>> rows;
        JsonRecordExtractor extractor = new JsonRecordExtractor(m);
        try {
            JsonNode root = JsonValues.parse(bytes);
            rows = extractor.extract(root);
        } catch (IOException | JsonRecordExtractor.ShapeException e) {
            // A partial write (truncated, half-written) or a file that is not what its mapping says: keep
            // the last state, emit nothing (certainly no deletes) and look again.
            metrics.error(e instanceof IOException ? "parse" : "shape");
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (!why.equals(lastFailure.put(file, why))) {
                LOG.warn("{}/{}: not readable as data ({}); keeping its last state and retrying", cfg.sourceName(), file, why);
            }
            watcher.retryLater(file, after, nowMs, 500);
            return null;
        }
        if (lastFailure.remove(file) != null) {
            LOG.info("{}/{}: readable again", cfg.sourceName(), file);
        }
        if (extractor.skipped() > 0) {
            metrics.error("no_key");
            LOG.warn("{}/{}: skipped {} record(s) without key field(s) {}, e.g. {}", cfg.sourceName(), file,
                    extractor.skipped(), m.key(), extractor.lastSkipped());
        }
        if (extractor.duplicates() > 0) {
            metrics.error("duplicate_key");
            LOG.warn("{}/{}: {} record(s) share their key with a later record (e.g. key {}); the last one wins",
                    cfg.sourceName(), file, extractor.duplicates(), extractor.lastDuplicate());
        }
        watcher.processed(file, after, nowMs);
        FileState base = emitted.get(file);
        boolean snapshot = base == null;
        FileState b = base == null ? FileState.empty(file) : base;
        JsonDiffer.Diff diff = guard.apply(m, b, JsonDiffer.diff(b, rows));
        if (diff.changes().isEmpty() && !snapshot) {
            return null;
        }
        long v = ++version;
        List<Emit> emits = events(m, b, diff, v, snapshot, nowMs);
        FileState next = new FileState(file, v, diff.next(), tracker(m, b).all());
        store.save(next); // before the events leave: a restart must never diff against less than was sent
        emitted.put(file, next);
        return new Batch(file, v, emits);
    }

    private final Map<String, JsonTableSchemas> trackers = new HashMap<>();

    /**
     * Serves {@link JsonRepairs} requests: the keys' rows from the last emitted state, as the next
     * change of their file (a new version with the same rows), so they travel in order with live changes.
     */
    private Batch replayRequested(long nowMs) throws IOException {
        for (JsonRepairs.Request q : JsonRepairs.pending(cfg.stateDir())) {
            if (JsonFence.read(cfg.stateDir()).isPresent()) {
                // Writes are on Postgres: re-sending the files' rows would overwrite newer writes made there.
                JsonRepairs.done(cfg.stateDir(), q, 0);
                LOG.warn("{}: not re-sending {} of {} (request {}): writes were switched to Postgres", cfg.sourceName(),
                        q.all() ? "every key" : q.keys().size() + " key(s)", q.table(), q.id());
                continue;
            }
            String file = emitted.keySet().stream().filter(f -> cfg.mapping(f).map(m -> m.table().equals(q.table())
                    || m.children().stream().anyMatch(c -> c.table().equals(q.table()))).orElse(false)).findFirst().orElse(null);
            if (file == null) {
                JsonRepairs.done(cfg.stateDir(), q, 0); // no file of this table was ever captured: nothing to re-send
                continue;
            }
            FileState base = emitted.get(file);
            JsonFileMapping m = cfg.mapping(file).orElseThrow();
            List<JsonDiffer.Change> changes = JsonRepairs.changes(base, q);
            long v = ++version;
            List<Emit> emits = events(m, base, new JsonDiffer.Diff(changes, base.tables()), v, false, nowMs);
            FileState next = new FileState(file, v, base.tables(), tracker(m, base).all());
            store.save(next);
            emitted.put(file, next);
            JsonRepairs.done(cfg.stateDir(), q, v);
            LOG.info("{}/{}: re-sent {} key(s) of {} from the last state (request {})", cfg.sourceName(), file,
                    changes.size(), q.table(), q.id());
            if (!emits.isEmpty()) {
                return new Batch(file, v, emits);
            }
        }
        return null;
    }

    /**
     * A change made after the write switch's fence: held, logged once per content, counted; a rewrite
     * by reverse replication is held without either.
     */
    private boolean heldByFence(String file, byte[] bytes) throws IOException {
        var fence = JsonFence.read(cfg.stateDir());
        if (fence.isEmpty() || fence.get().admits(file, bytes)) {
            return false;
        }
        String digest = JsonFence.digest(bytes);
        if (JsonFence.ownWrite(cfg.stateDir(), file, digest)) {
            return true; // reverse replication's own rewrite: Postgres has it already; held, not a late write
        }
        String why = "late write " + digest;
        if (!why.equals(lastFailure.put(file, why))) {
            metrics.error(JsonFence.LATE_WRITE);
            LOG.warn("{}/{}: changed after writes were fenced for the switch to Postgres; this late write is NOT "
                    + "migrated (the file keeps it). Writes belong where GET /v1/routing says.", cfg.sourceName(), file);
        }
        return true;
    }

    private JsonTableSchemas tracker(JsonFileMapping m, FileState base) {
        return trackers.computeIfAbsent(m.file(), f -> new JsonTableSchemas(cfg.sourceName(), overrides(m), base.schemas()));
    }

    private List<Emit> events(JsonFileMapping m, FileState base, JsonDiffer.Diff diff, long v, boolean snapshot, long nowMs) {
        JsonTableSchemas schemas = tracker(m, base);
        List<Emit> out = new ArrayList<>(diff.changes().size());
        for (JsonDiffer.Change c : diff.changes()) {
            Map<String, Object> key = ValueCodec.decodeRow(parseKey(c.keyText()));
            if (!c.isDelete()) {
                // The key's own columns are the primary key: a 1:n child keyed by position carries _index.
                schemas.observe(c.table(), List.copyOf(key.keySet()), c.row());
            }
            TableSchema s = schemas.get(c.table());
            SourceInfo src = new SourceInfo(SourceInfo.JSONFILE, cfg.sourceName(), c.table(), v, nowMs, snapshot);
            ChangeEvent e;
            if (c.isDelete()) {
                e = new ChangeEvent(key, null, null, Op.DELETE, nowMs, src);
            } else {
                // Every known column, null where the record has no such field: the upsert must clear it.
                Map<String, Object> after = new LinkedHashMap<>();
                for (ColumnSchema col : s.columns()) {
                    after.put(col.name(), c.row().get(col.name()));
                }
                e = new ChangeEvent(key, null, after, snapshot ? Op.READ : c.insert() ? Op.CREATE : Op.UPDATE, nowMs, src);
            }
            out.add(new Emit(e, schemas.header(c.table())));
        }
        return out;
    }

    private static Map<String, String> overrides(JsonFileMapping m) {
        Map<String, String> o = new HashMap<>();
        m.columns().forEach((k, v) -> o.put(k.contains(".") ? k : m.table() + "." + k, v));
        return o;
    }

    private static JsonNode parseKey(String text) {
        try {
            return EnvelopeCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
