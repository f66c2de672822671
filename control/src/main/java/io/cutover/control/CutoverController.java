package io.cutover.control;

import io.cutover.core.control.ControlSchema;
import io.cutover.capture.json.JsonSourceView;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The phase changes an operator makes: flip reads, switch writes, roll back. Each is a
 * compare-and-set on the phase in the control schema, recorded with who and why.
 *
 * <p>Switching writes: fence every SQLite source (its writes now fail, naming Cutover) and every JSON
 * source (capture holds any later content of its files as a late write), wait for
 * capture to send every recorded change and for the applier to apply every topic to its end, run the
 * checks (the reconciler's verification of recently changed keys), continue every autoincrement id in
 * a Postgres sequence, bring unique indexes and foreign keys into force, then record writes on
 * Postgres. The freeze, fence to flip, is measured. Any failure removes the fences, leaves the phase
 * as it was and says why.
 */
public final class CutoverController {
    /** A check run while writes are frozen and drained, before anything is changed in Postgres. */
    public interface FrozenCheck {
        /** Throws with a message saying what differs when the switch must not go on. */
        void check() throws Exception;
    }

    /** What a switch did, for the report. */
    public record SwitchReport(double freezeSeconds, List<String> steps) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CutoverController.class);
    private final DataSource pool;
    private final Admin admin;
    private final ControlSchema control;
    private final CutoverStateStore store;
    private final ControlSettings settings;

    public CutoverController(DataSource pool, Admin admin, ControlSchema control, ControlSettings settings) {
        this.pool = pool;
        this.admin = admin;
        this.control = control;
        this.store = new CutoverStateStore(control);
        this.settings = settings;
    }

    /**
     * The current state. Records no phase, so that status and dry runs leave the cutover where they found
     * it; only Cutover's empty bookkeeping tables are created on first use (status reads them).
     */
    public CutoverState state() throws SQLException {
        try (Connection c = pool.getConnection()) {
            control.ensure(c);
            return store.current(c);
        }
    }

    /** Flips reads to Postgres; without {@code force}, only when the applier's lag is within the gate. */
    public CutoverState flipReads(boolean force, String who) throws Exception {
        CutoverState s = state();
        if (s.phase() != Phase.CAPTURING) {
            throw new ControlException("reads are already on Postgres (phase " + s.phase().code() + ")");
        }
        if (!force) {
            List<String> blockers = blockers();
            if (!blockers.isEmpty()) {
                throw new ControlException("not ready: " + String.join("; ", blockers) + ". Wait, fix, or pass --force "
                        + "to flip anyway");
            }
        }
        return move(Phase.CAPTURING, Phase.READS_ON_POSTGRES, who, force ? "reads flipped (forced)" : "reads flipped", null);
    }

    /** Switches writes to Postgres; see the class comment. */
    public SwitchReport switchWrites(String who, FrozenCheck check) throws Exception {
        CutoverState s = state();
        if (s.phase() != Phase.READS_ON_POSTGRES) {
            throw new ControlException("writes can be switched only after reads were flipped (phase is "
                    + s.phase().code() + "): run `cutover flip-reads --execute` first");
        }
        List<String> steps = new ArrayList<>();
        List<Path> fenced = new ArrayList<>();
        Map<JsonSourceView, Map<String, String>> fencedJson = new LinkedHashMap<>();
        try (Connection c = pool.getConnection()) {
            store.ensure(c);
            if (!store.freeze(c, Phase.READS_ON_POSTGRES, settings.drainTimeout().multipliedBy(3).plus(settings.routingGrace()))) {
                throw new ControlException("the phase changed meanwhile; nothing was switched");
            }
        }
        long t0 = System.nanoTime(); // the freeze starts when routing tells apps to hold their writes
        try {
            if (!settings.jsonSources().isEmpty()) {
                // JSON files cannot refuse a write: give apps time to see `writes: frozen` before the fence.
                Thread.sleep(settings.routingGrace().toMillis());
                steps.add(String.format("routing says writes: frozen (%.0f ms)", (System.nanoTime() - t0) / 1e6));
            }
            for (Map.Entry<String, Path> e : settings.sqliteSources().entrySet()) {
                fenced.add(e.getValue());
                steps.add("fenced " + e.getKey() + " (" + SqliteFence.install(e.getValue()).size() + " tables)");
            }
            for (JsonSourceView v : settings.jsonSources()) {
                fencedJson.put(v, Map.of()); // registered first: a fence that fails half-way is still removed
                fencedJson.put(v, JsonDrain.fence(v));
                steps.add("fenced " + v.source() + " (" + fencedJson.get(v).size() + " files)");
            }
            for (Path db : fenced) {
                ChangelogDrain.await(db, settings.drainTimeout());
            }
            for (var e : fencedJson.entrySet()) {
                JsonDrain.await(e.getKey(), e.getValue(), settings.drainTimeout());
            }
            steps.add(String.format("capture sent every change (%.0f ms into the freeze)", (System.nanoTime() - t0) / 1e6));
            topics().await(settings.drainTimeout());
            steps.add(String.format("the applier applied every change (%.0f ms)", (System.nanoTime() - t0) / 1e6));
            for (var e : fencedJson.entrySet()) {
                JsonDrain.assertUnchanged(e.getKey(), e.getValue());
            }
            check.check();
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    MigratedTables tables = MigratedTables.load(c, control);
                    steps.addAll(SequenceAligner.align(c, tables, SqliteSequences.read(settings.sqliteSources())));
                    steps.addAll(ConstraintEnforcer.enforce(c, tables));
                    steps.add(String.format("sequences and constraints in force (%.0f ms)", (System.nanoTime() - t0) / 1e6));
                    double freeze = (System.nanoTime() - t0) / 1e9;
                    if (!store.transition(c, Phase.READS_ON_POSTGRES, Phase.WRITES_ON_POSTGRES, who, "writes switched", freeze)) {
                        throw new ControlException("the phase changed while switching; nothing was switched");
                    }
                    c.commit();
                    LOG.info("writes switched to Postgres; freeze {} s", String.format("%.3f", freeze));
                    return new SwitchReport(freeze, steps);
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                }
            }
        } catch (Exception e) {
            for (Path db : fenced) {
                try {
                    SqliteFence.remove(db);
                } catch (SQLException ex) {
                    e.addSuppressed(ex);
                }
            }
            for (JsonSourceView v : fencedJson.keySet()) {
                try {
                    JsonDrain.unfence(v);
                } catch (java.io.IOException ex) {
                    e.addSuppressed(ex);
                }
            }
            try (Connection c = pool.getConnection()) {
                store.thaw(c);
            } catch (SQLException ex) {
                e.addSuppressed(ex);
            }
            throw new ControlException("writes stay on the source, unfenced: " + e.getMessage(), e);
        }
    }

    /**
     * Back to the source. Before writes were switched this only moves reads back. After, it needs
     * reverse replication (Postgres changes written back to the source), which is not built: refused.
     */
    public CutoverState rollback(String who) throws Exception {
        CutoverState s = state();
        return switch (s.phase()) {
            case READS_ON_POSTGRES -> move(Phase.READS_ON_POSTGRES, Phase.CAPTURING, who, "reads rolled back", null);
            case CAPTURING -> throw new ControlException("nothing to roll back: reads and writes are on the source");
            case WRITES_ON_POSTGRES -> throw new ControlException("writes are on Postgres, and without reverse "
                    + "replication the source lacks every write made since the switch: rolling back would lose them. "
                    + "Refused; with reverse.enabled, `cutover rollback --execute` drains it and rolls back");
            case ROLLING_BACK -> throw new ControlException("a rollback is already in progress");
            case FINALIZED -> throw new ControlException("the migration is finalized; there is no source to go back to");
        };
    }

    private CutoverState move(Phase from, Phase to, String who, String reason, Double freeze) throws SQLException {
        try (Connection c = pool.getConnection()) {
            store.ensure(c);
            c.setAutoCommit(false);
            if (!store.transition(c, from, to, who, reason, freeze)) {
                c.rollback();
                throw new ControlException("the phase changed meanwhile; nothing was changed");
            }
            c.commit();
            return store.read(c);
        }
    }

    /**
     * Refuses to re-emit rows from the source ({@code what}: resnapshot, dlq replay) once writes are not
     * on it: the source's rows would overwrite newer writes made on Postgres.
     */
    public void requireWritesOnSource(String what) throws SQLException {
        CutoverState s = state();
        if (!Phase.CAPTURING.writes().equals(s.writes())) {
            throw new ControlException(what + " re-emits rows from the source, but writes are no longer on the source "
                    + "(routing says writes: " + s.writes() + ", phase " + s.phase().code() + "): the source's rows would "
                    + "overwrite newer writes made on Postgres. Refused");
        }
    }

    /** What keeps the readiness gate closed, in plain words; empty when reads may flip. */
    public List<String> blockers() throws Exception {
        var lag = topics().lag();
        try (Connection c = pool.getConnection()) {
            return settings.gate().blockers(c, control, lag);
        }
    }

    public TopicDrain topics() {
        return new TopicDrain(admin, pool, control, settings.topicPrefix(), settings.groupId());
    }

    public CutoverStateStore store() {
        return store;
    }

    public ControlSchema control() {
        return control;
    }

    public ControlSettings settings() {
        return settings;
    }
}
