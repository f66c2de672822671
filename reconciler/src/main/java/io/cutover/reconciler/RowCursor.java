package io.cutover.reconciler;

import java.sql.SQLException;

/** Rows of one side in key order, one at a time; {@code null} at the end. */
public interface RowCursor extends AutoCloseable {
    Row next() throws SQLException;

    @Override
    void close() throws SQLException;
}
