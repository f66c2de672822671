package io.cutover.reverse;

import io.cutover.core.event.ChangeEvent;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One source the reverse applier writes back to: it applies a poll's events and stores the positions
 * reached ("topic/partition" to the next offset) so that a restart neither loses nor repeats an effect.
 */
interface WriteBackTarget extends AutoCloseable {
    /** The positions stored so far. */
    Map<String, Long> offsets() throws Exception;

    /** Applies {@code events} in order and stores {@code nextOffsets}. */
    void apply(List<ChangeEvent> events, Map<String, Long> nextOffsets) throws Exception;

    /**
     * The error kind when {@code e} is worth a retry with backoff, else null: SQLite's lock contention
     * (the app holds the write lock), or a JSON file unreadable or unwritable for a moment. A record the
     * source rejects is not: skipping it would make a rollback lose it.
     */
    static String retriable(Exception e) {
        if (e instanceof SQLException ex) {
            int code = ex.getErrorCode() & 0xff; // the primary result code of an extended one
            return code == 5 || code == 6 ? "sqlite" : null; // SQLITE_BUSY, SQLITE_LOCKED
        }
        return e instanceof IOException ? "json" : null;
    }
}
