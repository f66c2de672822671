package io.cutover.reconciler;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The source side of a comparison: rows in canonical form, read the way capture reads them and
 * converted the way the applier converts them.
 */
public interface SourceRows {
    /** Every row of {@code t}, in {@link KeyOrder} when the source can give it (the verifier checks). */
    RowCursor scan(MappedTable t) throws SQLException;

    /** The current row with source key values {@code sourceKey}, if it exists. */
    Optional<Row> find(MappedTable t, List<Object> sourceKey) throws SQLException;

    /**
     * The source cannot be read as data right now (a JSON file half-written, say): the table is
     * skipped in this pass rather than reported as missing everything.
     */
    final class Unreadable extends SQLException {
        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
