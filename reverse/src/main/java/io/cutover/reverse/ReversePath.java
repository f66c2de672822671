package io.cutover.reverse;

import io.cutover.control.CutoverStateStore;
import io.cutover.control.MigratedTables;
import io.cutover.control.Phase;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * The reverse path in a long-running process ({@code cutover run}): follows the recorded phase. While
 * writes are on Postgres (or a rollback drains) and the slot exists, the reverse capture and the
 * write-back run; in any other phase, or once the slot is gone, they stop. Each {@link #tick} also
 * refreshes the reverse metrics (retained WAL, lag).
 */
public final class ReversePath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReversePath.class);
    private final ReverseSettings settings;
    private final DataSource pool;
    private final Admin admin;
    private final CutoverStateStore store;
    private final ReplicationSetup setup;
    private ReverseCapture capture;
    private ReverseApplier applier;

    public ReversePath(ReverseSettings settings, DataSource pool, Admin admin) {
        this.settings = settings;
        this.pool = pool;
        this.admin = admin;
        this.store = new CutoverStateStore(settings.control());
        this.setup = new ReplicationSetup(settings.control(), settings.slotName(), settings.publication());
    }

    /** Starts or stops the path as the phase and the slot say; call periodically. */
    public synchronized void tick() throws Exception {
        boolean wanted;
        MigratedTables tables = null;
        try (Connection c = pool.getConnection()) {
            Phase phase = store.read(c).phase();
            boolean slot = setup.exists(c);
            ReverseMetrics.retainedWal(setup.retainedWalBytes(c).orElse(-1));
            wanted = slot && (phase == Phase.WRITES_ON_POSTGRES || phase == Phase.ROLLING_BACK);
            if (wanted && capture == null) {
                tables = MigratedTables.load(c, settings.control());
            }
        }
        if (capture != null && (capture.failure().isPresent() || applier.failure().isPresent())) {
            LOG.warn("reverse path stopped: {}", capture.failure().orElse(applier.failure().orElse("")));
            stop();
        }
        if (wanted && capture == null) {
            capture = new ReverseCapture(settings, tables);
            applier = new ReverseApplier(settings, tables);
            capture.start();
            applier.start();
            LOG.info("reverse replication running: slot {} to {}", settings.slotName(),
                    java.util.stream.Stream.concat(settings.sqliteSources().keySet().stream(), settings.jsonSources().keySet().stream()).toList());
        } else if (!wanted && capture != null) {
            stop();
            LOG.info("reverse replication stopped (writes are not on Postgres, or the slot is gone)");
        }
        if (capture != null) {
            new ReverseDrain(settings, admin).lag();
        }
    }

    /** Why the running capture or write-back stopped on its own, if one did. */
    public synchronized java.util.Optional<String> failure() {
        if (capture == null) {
            return java.util.Optional.empty();
        }
        return capture.failure().or(applier::failure);
    }

    public synchronized boolean running() {
        return capture != null;
    }

    /** Stops capture and write-back; the slot stays (rollback and finalize drop it). */
    public synchronized void stop() {
        if (applier != null) {
            applier.close();
            applier = null;
        }
        if (capture != null) {
            capture.close();
            capture = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
