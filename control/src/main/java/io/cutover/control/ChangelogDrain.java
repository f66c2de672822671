package io.cutover.control;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Waits, once a SQLite source is fenced, until capture has sent every recorded change to Kafka.
 * Capture deletes changelog rows only once Kafka acknowledged them, but always keeps the highest one
 * (it keeps seq monotonic), so "only one row left" does not say whether that last change was sent.
 * The drain therefore appends a copy of the last change (an idempotent re-capture of the same key)
 * and waits until every row below the copy is gone: then everything recorded before the fence is in
 * Kafka.
 */
final class ChangelogDrain {
    private ChangelogDrain() {
    }

    /** @throws IllegalStateException when capture has not caught up within {@code timeout} */
    static void await(Path db, Duration timeout) throws SQLException, InterruptedException {
        try (Connection c = SqliteFence.open(db); Statement st = c.createStatement()) {
            long sentinel;
            st.execute("BEGIN IMMEDIATE");
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM " + SqliteFence.changes())) {
                long high = rs.next() ? rs.getLong(1) : 0;
                if (high == 0) {
                    st.execute("COMMIT");
                    return; // nothing was ever recorded after the snapshot
                }
                st.executeUpdate("INSERT INTO " + SqliteFence.changes() + " (tbl, op, pk) SELECT tbl, op, pk FROM "
                        + SqliteFence.changes() + " WHERE seq = " + high);
                try (ResultSet s = st.executeQuery("SELECT last_insert_rowid()")) {
                    sentinel = s.next() ? s.getLong(1) : high + 1;
                }
                st.execute("COMMIT");
            } catch (SQLException e) {
                st.execute("ROLLBACK");
                throw e;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + SqliteFence.changes()
                    + " WHERE seq < ?")) {
                ps.setLong(1, sentinel);
                while (true) {
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getLong(1) == 0) {
                            return;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("capture did not send the last changes of " + db + " to Kafka "
                                + "within " + timeout.toMillis() + " ms: is `cutover run` (or `cutover capture`) running "
                                + "for this file?");
                    }
                    Thread.sleep(10); // waiting on another process; 10 ms is well below the freeze target
                }
            }
        }
    }
}
