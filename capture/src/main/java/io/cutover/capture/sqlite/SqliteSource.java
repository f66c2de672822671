package io.cutover.capture.sqlite;

import io.cutover.capture.CaptureMetrics;
import io.cutover.capture.CaptureStatus;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.Op;
import io.cutover.core.event.SourceInfo;
import io.cutover.core.schema.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SQLite file under capture, independent of Kafka Connect: decides what to emit next. While
 * tables await a snapshot it reads their next chunk; otherwise it streams the changelog. Triggers
 * go in before any snapshot read, so every change after a chunk was read is in the changelog and
 * re-read later: each key converges to its latest value without locks.
 *
 * <p>{@code source.seq} is the changelog position the stream has reached, non-decreasing in emission
 * order: a streamed event carries the seq of its key's last change, a snapshot event the stream
 * position when it was read. "The applier has applied seq S" thus means it has every change up to S.
 */
final class SqliteSource implements AutoCloseable {
    /** One event to emit, with its schema header and the offset reached once it is acknowledged. */
    record Emit(ChangeEvent event, byte[] schemaHeader, Map<String, Object> offset) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSource.class);

    private final SqliteConnectorConfig cfg;
    private final CaptureMetrics metrics;
    private final Connection conn;
    private final SqliteSchemaReader schemaReader;
    private final TriggerInstaller installer;
    private final SqliteChangeLog changelog;
    private final SnapshotReader reader;
    private final SchemaTracker schemas = new SchemaTracker();
    private final CaptureOffsets pos;
    private final Deque<String> pending = new ArrayDeque<>();
    private final SnapshotProgressBar bar = new SnapshotProgressBar();
    private long schemaVersion;
    private long emittedSeq;
    private long deletedUpTo;
    private boolean streamed;
    private boolean streamTurn;
    private long lastBacklogNanos = System.nanoTime() - 2_000_000_000L;

    SqliteSource(SqliteConnectorConfig cfg, CaptureMetrics metrics, CaptureOffsets start) throws SQLException {
        this.cfg = cfg;
        this.metrics = metrics;
        this.pos = start;
        this.conn = SqliteFiles.open(cfg.path(), cfg.busyTimeoutMs());
        try {
            this.schemaReader = new SqliteSchemaReader(conn, cfg.sourceName());
            this.installer = new TriggerInstaller(conn);
            this.changelog = new SqliteChangeLog(conn, cfg.deleteBatch());
            this.reader = new SnapshotReader(conn);
            JournalMode.check(conn, cfg);
            installer.ensureChangelog();
            emittedSeq = pos.seq;
            deleteAcknowledged(pos.seq);
            refresh();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    long ackedSeqAtStart() {
        return pos.seq;
    }

    /** The next events: a snapshot chunk while tables await one, else a changelog batch. */
    List<Emit> next() throws SQLException {
        if (schemaReader.schemaVersion() != schemaVersion) {
            refresh();
        }
        if (pending.isEmpty()) {
            streamed = true;
            return stream();
        }
        // A resnapshot (new or rebuilt table) alternates with streaming, so other tables' changes
        // are not held up behind a large table. The initial snapshot runs first, as designed.
        if (streamed && streamTurn) {
            streamTurn = false;
            List<Emit> changes = stream();
            if (!changes.isEmpty()) {
                return changes;
            }
        }
        streamTurn = true;
        return snapshotChunk();
    }

    /** Deletes changelog rows covered by acknowledged events, in small write transactions. */
    void deleteAcknowledged(long ackedSeq) throws SQLException {
        if (ackedSeq > deletedUpTo) {
            changelog.deleteUpTo(ackedSeq);
            deletedUpTo = ackedSeq;
        }
    }

    long backlog() throws SQLException {
        return changelog.backlog();
    }

    /** Updates the backlog gauge, at most once a second: counting a large changelog is not free. */
    void reportBacklog() throws SQLException {
        long now = System.nanoTime();
        if (now - lastBacklogNanos > 1_000_000_000L) {
            lastBacklogNanos = now;
            metrics.backlog(changelog.backlog());
        }
    }

    /**
     * Re-reads the table list and schemas, makes the triggers current, and queues a snapshot for
     * every table that is new, whose triggers were missing or changed (rebuilt by the 12-step ALTER),
     * or whose root page differs from when it was snapshotted.
     */
    private void refresh() throws SQLException {
        // Read first, store last: a change during refresh is seen next time, and a refresh that
        // fails half-way (SQLITE_BUSY while installing triggers) is simply done again.
        long version = schemaReader.schemaVersion();
        List<String> names = schemaReader.tableNames().stream().filter(cfg::captures).toList();
        for (String gone : new ArrayList<>(schemas.all().keySet())) {
            if (!names.contains(gone)) {
                LOG.warn("{}: table {} was dropped or renamed; its topic gets no more events", cfg.sourceName(), gone);
                metrics.error("table_dropped");
                schemas.remove(gone);
                pending.remove(gone);
                pos.done.remove(gone);
            }
        }
        List<TableSchema> current = new ArrayList<>();
        for (String name : names) {
            TableSchema fresh = schemas.structure(schemaReader, name);
            if (fresh.usesRowid() && schemas.get(name) == null) {
                LOG.warn("{}: table {} has no primary key; capturing it by rowid (VACUUM may renumber rowids,"
                        + " the reconciler will notice)", cfg.sourceName(), name);
            }
            schemas.put(fresh);
            current.add(fresh);
        }
        List<String> changed = installer.install(current);
        if (pos.table != null && !names.contains(pos.table)) {
            pos.table = null;
            pos.after = null;
        }
        for (String name : names) {
            long root = schemaReader.rootPage(name);
            boolean rebuilt = changed.contains(name) || (pos.done.containsKey(name) && !Objects.equals(pos.done.get(name), root));
            if (name.equals(pos.table)) {
                if (rebuilt) {
                    pos.after = null; // rebuilt mid-snapshot: start the table over
                }
            } else if (rebuilt || !pos.done.containsKey(name)) {
                pos.done.remove(name);
                if (!pending.contains(name)) {
                    pending.addLast(name);
                }
            }
        }
        if (pos.table != null && !pending.contains(pos.table)) {
            pending.addFirst(pos.table); // resume the table the last run was in
        }
        if (!pending.isEmpty()) {
            LOG.info("{}: snapshot queued for {}", cfg.sourceName(), pending);
        }
        CaptureStatus.report(cfg.sourceName(), pending.isEmpty() ? CaptureStatus.Phase.STREAMING : CaptureStatus.Phase.SNAPSHOTTING);
        schemaVersion = version;
    }

    private List<Emit> snapshotChunk() throws SQLException {
        String table = pending.peekFirst();
        TableSchema t = schemas.get(table);
        if (!table.equals(pos.table)) {
            pos.table = table;
            pos.after = null;
        }
        if (pos.after == null) {
            bar.start(table, reader.count(t));
        }
        // Every read happens before the cursor moves: an error (SQLITE_BUSY) after the cursor moved
        // would drop the chunk's rows, as the caller discards a failed chunk.
        long root = schemaReader.rootPage(table);
        List<SnapshotReader.Row> rows = reader.chunk(t, pos.after, cfg.snapshotChunk());
        List<Emit> out = new ArrayList<>(rows.size());
        long now = System.currentTimeMillis();
        for (SnapshotReader.Row r : rows) {
            pos.after = r.cursor();
            schemas.observe(table, r.after());
            out.add(emit(new ChangeEvent(r.key(), null, r.after(), Op.READ, now,
                    new SourceInfo(SourceInfo.SQLITE, cfg.sourceName(), table, pos.seq, now, true))));
        }
        metrics.snapshotRows(table, rows.size());
        bar.step(rows.size());
        if (rows.size() < cfg.snapshotChunk()) {
            pos.done.put(table, root);
            pos.table = null;
            pos.after = null;
            pending.removeFirst();
            bar.finish();
            LOG.info("{}: snapshot of {} complete", cfg.sourceName(), table);
            if (pending.isEmpty()) {
                CaptureStatus.report(cfg.sourceName(), CaptureStatus.Phase.STREAMING);
            }
        }
        return out;
    }

    /**
     * One changelog batch in one short read transaction: the changes and the current images of
     * their keys. A key whose row is gone is emitted as a delete.
     */
    private List<Emit> stream() throws SQLException {
        List<SqliteChangeLog.KeyChange> keys;
        List<Optional<SnapshotReader.Row>> rows = new ArrayList<>();
        long batchMax;
        conn.setAutoCommit(false);
        try {
            List<SqliteChangeLog.Change> batch = changelog.read(emittedSeq, cfg.streamBatch());
            if (batch.isEmpty()) {
                return List.of();
            }
            batchMax = batch.get(batch.size() - 1).seq();
            keys = SqliteChangeLog.coalesce(batch).stream().filter(k -> schemas.get(k.table()) != null).toList();
            for (SqliteChangeLog.KeyChange k : keys) {
                rows.add(reader.find(schemas.get(k.table()), KeyCodec.decode(k.pk())));
            }
        } finally {
            conn.rollback(); // read-only: ends the read transaction
            conn.setAutoCommit(true);
        }
        List<Emit> out = new ArrayList<>(keys.size());
        long now = System.currentTimeMillis();
        for (int i = 0; i < keys.size(); i++) {
            SqliteChangeLog.KeyChange k = keys.get(i);
            TableSchema t = schemas.get(k.table());
            Map<String, Object> key = SnapshotReader.keyOf(t, KeyCodec.decode(k.pk()));
            Optional<SnapshotReader.Row> row = rows.get(i);
            SourceInfo src = new SourceInfo(SourceInfo.SQLITE, cfg.sourceName(), k.table(), k.lastSeq(), now, false);
            // Events are in last-seq order; acknowledging one makes every changelog row up to its seq
            // deletable, because a key with a later change still has that later row.
            pos.seq = i == keys.size() - 1 ? batchMax : k.lastSeq();
            if (row.isPresent()) {
                schemas.observe(k.table(), row.get().after());
                Op op = "c".equals(k.lastOp()) || "d".equals(k.lastOp()) ? Op.CREATE : Op.UPDATE;
                out.add(emit(new ChangeEvent(key, null, row.get().after(), op, now, src)));
            } else {
                out.add(emit(new ChangeEvent(key, null, null, Op.DELETE, now, src)));
            }
        }
        emittedSeq = batchMax;
        return out;
    }

    private Emit emit(ChangeEvent e) {
        return new Emit(e, schemas.header(e.source().table()), pos.toOffset());
    }

    @Override
    public void close() {
        bar.finish();
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.debug("closing {}: {}", cfg.path(), e.getMessage());
        }
    }
}
