package io.cutover.reconciler;

import io.cutover.core.control.ControlSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The comparison state shared by {@code verify} and the continuous {@link Reconciler}: connections to
 * every side, the suspects, and the confirmed mismatches. A full pass turns differences into
 * suspects; {@link #settle()} rechecks the suspects the pipeline has passed and confirms those that
 * still differ while the source has not changed. Not thread-safe: one thread drives it.
 */
public final class ReconcileSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSession.class);

    private final ReconcilerSettings settings;
    private final SessionConnections conns;
    private final Connection pgMeta;
    private final Map<String, SourceSide> sides = new LinkedHashMap<>();
    private final Map<String, TableVerifier> verifiers = new HashMap<>();
    private final PipelinePositions positions;
    private final TableCatalog catalog;
    private final ReconcilerMetrics metrics = new ReconcilerMetrics();
    private final SuspectTracker suspects = new SuspectTracker();
    private final Map<SuspectTracker.Id, Difference> confirmed = new LinkedHashMap<>();
    private final Map<String, MappedTable> known = new LinkedHashMap<>();
    private final ReconcileResultStore store;
    private final ChangedKeys changed;
    private final List<String> unmapped = new ArrayList<>();
    private final SuspectSettler settler;

    public ReconcileSession(ReconcilerSettings s) throws SQLException {
        this.settings = s;
        ControlSchema control = new ControlSchema(s.controlSchema());
        this.catalog = new TableCatalog(control);
        this.store = new ReconcileResultStore(control);
        this.conns = SessionConnections.open(s);
        this.pgMeta = conns.pgMeta;
        try {
            control.ensure(pgMeta);
            this.positions = new PipelinePositions(conns.consumer, control, s.applierGroupId());
            for (ReconcilerSettings.SqliteSource src : s.sqliteSources()) {
                sides.put(src.name(), new SqliteSide(conns.sqlite.get(src.name()), src, positions, s.pageSize()));
            }
            for (ReconcilerSettings.JsonSource src : s.jsonSources()) {
                sides.put(src.name(), new JsonSide(src.view()));
            }
            sides.forEach((name, side) -> verifiers.put(name, new TableVerifier(side.rows(),
                    new TargetRowReader(conns.pgRead, s.pageSize()))));
            this.changed = new ChangedKeys(conns.consumer);
            this.settler = new SuspectSettler(suspects, confirmed, sides, verifiers, positions, pgMeta, settings);
        } catch (SQLException | RuntimeException e) {
            conns.close();
            throw e;
        }
    }

    /**
     * One full pass over every table the applier has created (those {@code tables} accepts, by
     * source table name). Differences become suspects; confirmed mismatches found equal are resolved.
     *
     * @return rows compared
     */
    public long fullPass(Predicate<String> tables) throws SQLException {
        long total = 0;
        unmapped.clear();
        java.util.Set<String> topics = new java.util.LinkedHashSet<>();
        for (String source : sides.keySet()) {
            catalog.tables(pgMeta, source).forEach(t -> topics.add(t.topic()));
        }
        changed.markEnd(topics); // changes during and after this pass are checked by incremental passes
        for (var src : sides.entrySet()) {
            List<MappedTable> mapped = catalog.tables(pgMeta, src.getKey());
            for (String name : src.getValue().capturedTables()) {
                if (tables.test(name) && mapped.stream().noneMatch(m -> m.table().equals(name))) {
                    unmapped.add(src.getKey() + "." + name); // captured, but the applier has not created it yet
                }
            }
            for (MappedTable t : mapped) {
                if (!tables.test(t.table())) {
                    continue;
                }
                known.put(t.label(), t);
                TableVerifier.Pass pass;
                try {
                    pass = verifiers.get(src.getKey()).fullPass(t);
                } catch (SourceRows.Unreadable e) {
                    LOG.warn("{}: skipped in this pass: {}", t.label(), e.getMessage());
                    continue;
                }
                // The position is taken after the reads: every change they may have seen is at or
                // before it (taken before, a change read by the pass could lie beyond it and be
                // confirmed before the pipeline carried it).
                long seq = src.getValue().position();
                total += pass.compared();
                metrics.compared(t.table(), pass.compared());
                record(t, pass.differences(), seq);
                if (pass.differences().isEmpty()) {
                    metrics.cleanPass(t.table(), System.currentTimeMillis());
                }
                LOG.debug("{}: {} rows compared, {} differences", t.label(), pass.compared(), pass.differences().size());
            }
        }
        publish();
        return total;
    }

    /**
     * Checks the keys changed (on the topics) since the last full pass or incremental pass; a key
     * that differs becomes a suspect, a confirmed key found equal is resolved.
     *
     * @return keys checked
     */
    public long incrementalPass(int limit) throws SQLException {
        Map<String, MappedTable> byTopic = new HashMap<>();
        known.values().forEach(t -> byTopic.put(t.topic(), t));
        long n = 0;
        for (var e : changed.poll(limit).entrySet()) {
            MappedTable t = byTopic.get(e.getKey());
            if (t == null) {
                continue;
            }
            List<Difference> found = new ArrayList<>();
            for (Map<String, Object> k : e.getValue()) {
                ChangedKey ck = ChangedKey.of(t, k);
                Optional<Difference> d;
                try {
                    d = verifiers.get(t.source()).check(t, ck.key(), ck.sourceKey());
                } catch (SourceRows.Unreadable ex) {
                    continue; // a file mid-write: the next pass sees the key again
                }
                SuspectTracker.Id id = new SuspectTracker.Id(t.label(), d.map(Difference::key).orElse(ck.key()));
                if (d.isPresent()) {
                    if (!confirmed.containsKey(id)) {
                        found.add(d.get());
                    }
                } else {
                    confirmed.remove(id);
                }
                n++;
            }
            long seq = sides.get(t.source()).position(); // after the reads, as in a full pass
            found.forEach(d -> suspects.add(d, seq));
            metrics.compared(t.table(), e.getValue().size());
        }
        publish();
        return n;
    }

    private void record(MappedTable t, List<Difference> diffs, long seq) {
        Set<SuspectTracker.Id> seen = new java.util.HashSet<>();
        for (Difference d : diffs) {
            SuspectTracker.Id id = SuspectTracker.Id.of(d);
            seen.add(id);
            Difference c = confirmed.get(id);
            if (c != null && c.kind() == d.kind() && c.columns().equals(d.columns())
                    && Objects.equals(c.sourceRow(), d.sourceRow())) {
                continue; // still the same confirmed mismatch
            }
            confirmed.remove(id);
            suspects.add(d, seq);
        }
        // Keys of this table that now compare equal: neither suspect nor confirmed any longer.
        confirmed.keySet().removeIf(id -> id.table().equals(t.label()) && !seen.contains(id));
        for (SuspectTracker.Suspect s : suspects.all()) {
            SuspectTracker.Id id = SuspectTracker.Id.of(s.difference());
            if (id.table().equals(t.label()) && !seen.contains(id)) {
                suspects.remove(id);
            }
        }
    }

    /**
     * Checks every key changed on the topics since {@code since}, source against Postgres, and returns
     * the keys that differ. Meant for a moment when nothing is in flight (the write switch, with the
     * sources fenced and the pipeline drained): then a difference is real, not a suspect.
     */
    public List<Difference> differencesInKeysChangedSince(java.time.Instant since) throws SQLException {
        java.util.Set<String> topics = new java.util.LinkedHashSet<>();
        Map<String, MappedTable> byTopic = new HashMap<>();
        for (String source : sides.keySet()) {
            for (MappedTable t : catalog.tables(pgMeta, source)) {
                topics.add(t.topic());
                byTopic.put(t.topic(), t);
            }
        }
        changed.markAt(topics, since.toEpochMilli());
        List<Difference> out = new ArrayList<>();
        for (Map<String, Set<Map<String, Object>>> batch = changed.poll(Integer.MAX_VALUE); !batch.isEmpty();
             batch = changed.poll(Integer.MAX_VALUE)) {
            for (var e : batch.entrySet()) {
                MappedTable t = byTopic.get(e.getKey());
                for (Map<String, Object> k : e.getValue()) {
                    ChangedKey ck = ChangedKey.of(t, k);
                    verifiers.get(t.source()).check(t, ck.key(), ck.sourceKey()).ifPresent(out::add);
                }
                metrics.compared(t.table(), e.getValue().size());
            }
        }
        return out;
    }

    /**
     * Rechecks every suspect that the pipeline has carried past the position where it was seen:
     * equal now, it is dropped; still different with the source unchanged, it is confirmed (and,
     * with repair on, re-emitted); different because the source changed, it is a new suspect.
     *
     * @return confirmed mismatches added in this call
     */
    public List<Difference> settle() throws SQLException {
        List<Difference> newlyConfirmed = settler.settle();
        if (settings.repair()) {
            repair(newlyConfirmed);
        }
        publish();
        return newlyConfirmed;
    }

    /** Re-emits confirmed mismatches through capture's changelog; each becomes a suspect at its repair's position. */
    public void repair(List<Difference> diffs) throws SQLException {
        for (Difference d : diffs) {
            if (d.sourceRow() != null && d.sourceRow().stream().anyMatch(v -> v instanceof Canonical.Unrepresentable)) {
                // Re-emitting a value Postgres cannot hold would only dead-letter it again, every round.
                LOG.warn("not repairing {} {}: a source value does not fit its Postgres column (see the DLQ)",
                        d.table().label(), d.keyMap());
                continue;
            }
            SourceSide side = sides.get(d.table().source());
            if (side.fenced()) {
                LOG.warn("not repairing {} {}: writes were switched to Postgres, and re-emitting the source's row would "
                        + "overwrite newer writes made there", d.table().label(), d.keyMap());
                continue;
            }
            long seq;
            try {
                seq = side.repair(Repairer.plan(d));
            } catch (SQLException e) {
                LOG.warn("not repairing {} {}: {}", d.table().label(), d.keyMap(), e.getMessage());
                continue;
            }
            metrics.repaired(d.table().table());
            SuspectTracker.Id id = SuspectTracker.Id.of(d);
            confirmed.remove(id);
            suspects.renew(d, seq);
            LOG.info("repair: {}", Repairer.plan(d).describe());
        }
    }

    /** Stores the state of a finished pass in the control schema. */
    public void storeRun(String kind, long startedMillis, long compared) throws SQLException {
        store.recordRun(pgMeta, kind, startedMillis, compared, confirmed.values(), suspects.size());
    }

    /** Source tables of the last full pass that have no table in Postgres yet (as {@code source.table}). */
    public List<String> unmappedTables() {
        return List.copyOf(unmapped);
    }

    public List<Difference> confirmed() {
        return List.copyOf(confirmed.values());
    }

    public List<Difference> suspects() {
        return suspects.all().stream().map(SuspectTracker.Suspect::difference).toList();
    }

    /**
     * Gauges by table name, as capture's and the applier's metrics are tagged (so dashboards join
     * them); tables of one name in several sources add up.
     */
    private void publish() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        known.values().forEach(t -> names.add(t.table()));
        for (String name : names) {
            Map<String, Long> byKind = confirmed.values().stream().filter(d -> d.table().table().equals(name))
                    .collect(Collectors.groupingBy(d -> d.kind().label(), Collectors.counting()));
            for (Difference.Kind k : Difference.Kind.values()) {
                metrics.mismatched(name, k.label(), byKind.getOrDefault(k.label(), 0L));
            }
            metrics.suspects(name, known.values().stream().filter(t -> t.table().equals(name))
                    .mapToLong(t -> suspects.count(t.label())).sum());
        }
    }

    @Override
    public void close() {
        sides.values().forEach(SourceSide::close);
        conns.close();
    }
}
