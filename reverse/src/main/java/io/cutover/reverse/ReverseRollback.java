package io.cutover.reverse;

import io.cutover.capture.json.JsonFence;
import io.cutover.control.ControlException;
import io.cutover.control.CutoverController;
import io.cutover.control.CutoverStateStore;
import io.cutover.control.MigratedTables;
import io.cutover.control.Phase;
import io.cutover.control.SqliteFence;
import io.cutover.core.control.ControlSchema;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Rollback after the write switch, without losing a write made on Postgres:
 * <ol>
 *   <li>freeze: fence the migrated tables in Postgres ({@link PostgresFence}) and record
 *       {@code rolling_back} (routing says {@code writes: "frozen"}), in one transaction;</li>
 *   <li>drain the reverse path to lag 0 ({@link ReverseDrain}: the marker through the slot, then
 *       every reverse topic written back to its SQLite file or JSON files);</li>
 *   <li>verify, with the caller's check (the reconciler);</li>
 *   <li>drop the slot and publication (ending the stream), so nothing written to Postgres from now
 *       on (the forward applier's own writes) comes back over newer app writes; a reverse path in
 *       this process is stopped once the phase has flipped;</li>
 *   <li>unfence the SQLite and JSON sources; in one transaction remove the Postgres fences, release the
 *       foreign keys and unique indexes the switch enforced ({@link ConstraintRelease}) and record
 *       {@code capturing}, with the freeze (fence to flip) measured like the forward switch.</li>
 * </ol>
 * Any failure before step 4 removes the Postgres fence and goes back to {@code writes_on_postgres}.
 */
public final class ReverseRollback {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseRollback.class);
    private final DataSource pool;
    private final Admin admin;
    private final ReverseSettings settings;
    private final CutoverStateStore store;

    public ReverseRollback(DataSource pool, Admin admin, ReverseSettings settings) {
        this.pool = pool;
        this.admin = admin;
        this.settings = settings;
        this.store = new CutoverStateStore(settings.control());
    }

    /**
     * Rolls back; {@code stopReverse} stops a reverse path running in this process, after the flip
     * (a no-op when another process runs it: dropping the slot ended its stream, and it stops itself).
     */
    public CutoverController.SwitchReport rollback(String who, CutoverController.FrozenCheck check, Runnable stopReverse)
            throws Exception {
        ControlSchema control = settings.control();
        ReplicationSetup setup = new ReplicationSetup(control, settings.slotName(), settings.publication());
        List<String> steps = new ArrayList<>();
        MigratedTables tables;
        long t0 = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            store.ensure(c);
            if (store.read(c).phase() != Phase.WRITES_ON_POSTGRES) {
                throw new ControlException("rollback through reverse replication needs writes on Postgres (phase is "
                        + store.read(c).phase().code() + ")");
            }
            if (!setup.exists(c)) {
                throw new ControlException("replication slot " + settings.slotName() + " does not exist, so Postgres's "
                        + "writes since the switch were not captured: rolling back would lose them. Refused");
            }
            tables = MigratedTables.load(c, control);
            List<String> notWrittenBack = tables.tables().stream().map(MigratedTables.Table::source).distinct()
                    .filter(src -> !settings.writesBack(src)).toList();
            if (!notWrittenBack.isEmpty()) {
                throw new ControlException("sources " + notWrittenBack + " are not configured sources of this process, so "
                        + "Postgres's changes to their tables are not written back: rolling back would lose them. Refused");
            }
            for (var view : settings.jsonSources().values()) {
                String why = JsonWriteBack.unsupported(view);
                if (why != null) {
                    throw new ControlException("rolling back would lose Postgres's writes: " + why + ". Refused");
                }
            }
            c.setAutoCommit(false);
            PostgresFence.install(c, control, tables);
            if (!store.transition(c, Phase.WRITES_ON_POSTGRES, Phase.ROLLING_BACK, who, "rollback: writes frozen", null)) {
                c.rollback();
                throw new ControlException("the phase changed meanwhile; nothing was changed");
            }
            c.commit();
            t0 = System.nanoTime();
            steps.add("Postgres fenced, routing says writes: frozen");
        }
        try {
            try (Connection c = pool.getConnection()) {
                new ReverseDrain(settings, admin).await(c, settings.drainTimeout());
            }
            steps.add(String.format("reverse path drained to lag 0 (%.0f ms into the freeze)", (System.nanoTime() - t0) / 1e6));
            check.check();
            steps.add(String.format("verified (%.0f ms)", (System.nanoTime() - t0) / 1e6));
        } catch (Exception e) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                PostgresFence.remove(c, control, tables);
                store.transition(c, Phase.ROLLING_BACK, Phase.WRITES_ON_POSTGRES, who, "rollback failed: " + e.getMessage(), null);
                c.commit();
            } catch (Exception ex) {
                e.addSuppressed(ex);
            }
            throw new ControlException("writes stay on Postgres, unfrozen: " + e.getMessage(), e);
        }
        // Dropping the slot (ending the walsender that streams from it) is what stops the path for
        // good: Postgres is fenced, so nothing new can be captured before then, and nothing at all after.
        try (Connection c = pool.getConnection()) {
            steps.addAll(setup.drop(c, true));
        }
        ReplicationSetup.forgetPosition(settings);
        for (Path db : settings.sqliteSources().values()) {
            SqliteFence.remove(db);
        }
        for (var view : settings.jsonSources().values()) {
            // Capture then diffs the files (the written-back changes plus the app's new writes) against
            // its last state and sends the difference: upserts of values Postgres has, then new writes.
            JsonFence.remove(view.stateDir());
        }
        steps.add("sources unfenced");
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            PostgresFence.remove(c, control, tables);
            steps.addAll(ConstraintRelease.release(c, tables));
            double freeze = (System.nanoTime() - t0) / 1e9;
            if (!store.transition(c, Phase.ROLLING_BACK, Phase.CAPTURING, who,
                    "rolled back to the source (reverse replication drained)", freeze)) {
                c.rollback();
                throw new ControlException("the phase changed during the rollback; Postgres stays fenced: check "
                        + "`cutover status` and its history");
            }
            c.commit();
            LOG.info("rolled back to the source; freeze {} s", String.format("%.3f", freeze));
            stopReverse.run(); // after the freeze: the path is idle and its slot is gone
            return new CutoverController.SwitchReport(freeze, steps);
        }
    }
}
