package io.cutover.reconciler;

import java.sql.SQLException;
import java.util.List;

/**
 * One source as the reconciler sees it: its rows, what capture takes from it, where its changes
 * stand, and how a repair travels through capture. SQLite and JSON sources differ in all four.
 */
interface SourceSide extends AutoCloseable {
    SourceRows rows();

    /** Tables capture takes from this source now, by source table name. */
    List<String> capturedTables() throws SQLException;

    /**
     * A position taken after reads: every change they may have seen is at or before it (SQLite: the
     * changelog's highest seq). Sources that track capture per key return 0.
     */
    long position() throws SQLException;

    /** A settle round begins: answers cached for the last one are stale. */
    default void newRound() {
    }

    /** Whether capture has passed the source state in which {@code s} was seen: its events are in Kafka. */
    boolean captured(SuspectTracker.Suspect s, ReconcilerSettings settings) throws SQLException;

    /**
     * Whether the write switch fenced this source: writes are on Postgres, and re-emitting the source's
     * rows would overwrite newer writes made there, so no repair may start from it.
     */
    boolean fenced() throws SQLException;

    /** Re-emits the source's current state of a key through capture; returns the position it travels at. */
    long repair(Repairer.Plan p) throws SQLException;

    @Override
    void close();
}
