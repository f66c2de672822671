package io.cutover.capture.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and trims the trigger-written key changelog {@value TriggerInstaller#CHANGES}.
 * Rows are deleted only after Kafka acknowledged the events that cover them, in small batches so
 * that capture never holds the write lock for long.
 */
public final class SqliteChangeLog {
    /** One changelog row. {@code op} is {@code c}, {@code u} or {@code d}; {@code pk} is {@link KeyCodec}'s JSON. */
    public record Change(long seq, String table, String op, String pk) {
    }

    /** The last change of one key within a batch: what a coalesced event is emitted for. */
    public record KeyChange(String table, String pk, String lastOp, long lastSeq) {
    }

    private final Connection conn;
    private final int deleteBatch;
    /** Highest seq acknowledged and deleted (or retained as the high-water row); backlog counts above it. */
    private long deletedUpTo;

    public SqliteChangeLog(Connection conn, int deleteBatch) {
        this.conn = conn;
        this.deleteBatch = deleteBatch;
    }

    /** Up to {@code limit} changes after {@code afterSeq}, in seq order. */
    public List<Change> read(long afterSeq, int limit) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT seq, tbl, op, pk FROM " + TriggerInstaller.CHANGES
                + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /**
     * Repeated changes of one key collapse into one: the emitted event reads the current row anyway.
     * The result is ordered by each key's last seq.
     */
    public static List<KeyChange> coalesce(List<Change> changes) {
        Map<List<String>, KeyChange> last = new LinkedHashMap<>();
        for (Change c : changes) {
            List<String> k = List.of(c.table(), c.pk());
            last.remove(k); // re-insert so that iteration order follows the last change
            last.put(k, new KeyChange(c.table(), c.pk(), c.op(), c.seq()));
        }
        return new ArrayList<>(last.values());
    }

    /**
     * The highest seq recorded so far (0 when none), a position that is safe to compare against.
     * {@link #deleteUpTo} never deletes the highest row, so this never goes back.
     */
    public long highWaterMark() throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT coalesce(max(seq), 0) FROM " + TriggerInstaller.CHANGES)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Changes recorded and not yet acknowledged by Kafka (the retained highest row excluded once acked). */
    public long backlog() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM " + TriggerInstaller.CHANGES
                + " WHERE seq > ?")) {
            ps.setLong(1, deletedUpTo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Deletes every change with seq up to {@code ackedSeq}, {@code deleteBatch} rows per write
     * transaction, so the app's writer waits at most one small batch. The row with the highest seq is
     * kept even when acknowledged: the changelog's seq is a plain INTEGER PRIMARY KEY (AUTOINCREMENT
     * would cost the app's every write an extra sqlite_sequence update, measured in BENCHMARKS.md),
     * and SQLite only reuses rowids below the highest one present, so keeping it keeps seq monotonic.
     *
     * @return rows deleted
     */
    public int deleteUpTo(long ackedSeq) throws SQLException {
        int total = 0;
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + TriggerInstaller.CHANGES
                + " WHERE seq IN (SELECT seq FROM " + TriggerInstaller.CHANGES + " WHERE seq <= ? AND seq < "
                + "(SELECT max(seq) FROM " + TriggerInstaller.CHANGES + ") ORDER BY seq LIMIT ?)")) {
            deletedUpTo = Math.max(deletedUpTo, ackedSeq);
            while (true) {
                ps.setLong(1, ackedSeq);
                ps.setInt(2, deleteBatch);
                int n = ps.executeUpdate(); // autocommit: one short write transaction per batch
                total += n;
                if (n < deleteBatch) {
                    return total;
                }
            }
        }
    }
}
