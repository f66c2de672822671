package io.cutover.reverse;

import io.cutover.capture.sqlite.TriggerInstaller;
import io.cutover.control.ControlException;
import io.cutover.control.CutoverStateStore;
import io.cutover.control.Phase;
import io.cutover.control.SqliteFence;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of the migration ({@code cutover finalize}): drop the reverse path's slot and publication,
 * remove capture's triggers, the fence, the changelog and every other {@code _cutover_} table from the
 * SQLite files, and record {@code finalized} with a summary. Refused while a process still streams
 * from the slot (stop {@code cutover run} first), and unless writes are on Postgres.
 */
public final class Finalizer {
    private final DataSource pool;
    private final ReverseSettings settings;

    public Finalizer(DataSource pool, ReverseSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** What finalize does (or, with {@code execute}, did), one line per action. */
    public List<String> finalizeMigration(String who, boolean execute) throws Exception {
        CutoverStateStore store = new CutoverStateStore(settings.control());
        ReplicationSetup setup = new ReplicationSetup(settings.control(), settings.slotName(), settings.publication());
        List<String> lines = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            Phase phase = store.current(c).phase(); // a dry run creates nothing
            if (phase != Phase.WRITES_ON_POSTGRES) {
                throw new ControlException("finalize needs writes on Postgres (phase is " + phase.code() + ")"
                        + (phase == Phase.FINALIZED ? ": already finalized" : ": run `cutover switch-writes --execute` first"));
            }
            if (setup.active(c)) {
                throw new ControlException("replication slot " + settings.slotName() + " is in use: stop `cutover run` "
                        + "(its reverse path streams from it) and run finalize again");
            }
            lines.add("drop replication slot " + settings.slotName() + " and publication " + settings.publication());
            if (execute) {
                setup.drop(c, false);
                ReplicationSetup.forgetPosition(settings);
            }
        }
        for (Map.Entry<String, Path> e : settings.sqliteSources().entrySet()) {
            lines.add("remove Cutover's triggers, fence and tables (" + TriggerInstaller.CHANGES + ", "
                    + TriggerInstaller.GUARD + ", " + SqliteWriteBack.OFFSETS + ") from " + e.getKey() + " (" + e.getValue() + ")");
            if (execute) {
                SqliteFence.remove(e.getValue());
                try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + e.getValue().toAbsolutePath())) {
                    try (Statement st = lite.createStatement()) {
                        st.execute("PRAGMA busy_timeout = 10000");
                    }
                    new TriggerInstaller(lite).uninstall();
                }
            }
        }
        lines.add("record phase finalized");
        if (execute) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                if (!store.transition(c, Phase.WRITES_ON_POSTGRES, Phase.FINALIZED, who, "finalized: "
                        + String.join("; ", lines.subList(0, lines.size() - 1)), null)) {
                    c.rollback();
                    throw new ControlException("the phase changed meanwhile; the sources are already cleaned: check "
                            + "`cutover status`");
                }
                c.commit();
            }
        }
        return lines;
    }
}
