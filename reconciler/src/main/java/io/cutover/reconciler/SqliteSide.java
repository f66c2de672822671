package io.cutover.reconciler;

import io.cutover.capture.sqlite.SqliteSchemaReader;
import io.cutover.core.control.Fences;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A SQLite source: rows by {@link SourceRowReader}, positions by the changelog's seq, repairs as changelog entries. */
final class SqliteSide implements SourceSide {
    private final Connection conn;
    private final ReconcilerSettings.SqliteSource cfg;
    private final PipelinePositions positions;
    private final SourceRowReader rows;
    /** Suspects of one pass share their seq: one changelog query per (seq, grace over) and round. */
    private final Map<String, Boolean> acked = new HashMap<>();

    SqliteSide(Connection conn, ReconcilerSettings.SqliteSource cfg, PipelinePositions positions, int pageSize) {
        this.conn = conn;
        this.cfg = cfg;
        this.positions = positions;
        this.rows = new SourceRowReader(conn, pageSize);
    }

    @Override
    public SourceRows rows() {
        return rows;
    }

    @Override
    public List<String> capturedTables() throws SQLException {
        return new SqliteSchemaReader(conn, cfg.name()).tableNames().stream().filter(cfg::captures).toList();
    }

    @Override
    public void newRound() {
        acked.clear();
    }

    @Override
    public long position() throws SQLException {
        return positions.changelogHigh(conn);
    }

    @Override
    public boolean captured(SuspectTracker.Suspect s, ReconcilerSettings settings) throws SQLException {
        boolean graceOver = System.nanoTime() - s.seenNanos >= settings.captureGrace().toNanos();
        String key = s.seq + "/" + graceOver;
        Boolean passed = acked.get(key);
        if (passed == null) {
            passed = positions.captureAcknowledged(conn, s.seq, graceOver ? Long.MAX_VALUE : 0, settings.captureGrace());
            acked.put(key, passed);
        }
        return passed;
    }

    @Override
    public boolean fenced() throws SQLException {
        try (var ps = conn.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'")) {
            ps.setString(1, Fences.SQLITE_TRIGGER_PREFIX.replace("_", "\\_") + "%");
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public long repair(Repairer.Plan p) throws SQLException {
        return Repairer.apply(conn, p);
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            LoggerFactory.getLogger(SqliteSide.class).debug("closing {}: {}", cfg.name(), e.getMessage());
        }
    }
}
