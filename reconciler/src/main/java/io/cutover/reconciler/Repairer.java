package io.cutover.reconciler;

import io.cutover.capture.sqlite.ChangelogEntries;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Repairs a confirmed mismatch by writing a changelog entry, exactly as capture's triggers would
 * through {@link ChangelogEntries}, in the triggers' own format: capture
 * then re-reads the key's current row and emits it, or a delete when the source has no such row, in
 * order with the live changes. Nothing is written to Postgres directly.
 */
public final class Repairer {
    /** The repair of one difference, for dry runs and logs. */
    public record Plan(Difference difference, String op) {
        public String describe() {
            return ("d".equals(op) ? "emit a delete of " : "re-emit the source row of ") + difference.table().label()
                    + " " + difference.keyMap();
        }
    }

    public static Plan plan(Difference d) {
        return new Plan(d, d.kind() == Difference.Kind.EXTRA ? "d" : "u");
    }

    /** Writes the changelog entry; returns its seq, the position the repair travels at. */
    public static long apply(Connection sqlite, Plan p) throws SQLException {
        MappedTable t = p.difference().table();
        return ChangelogEntries.enqueue(sqlite, t.table(), t.keyColumns(), t.schema().usesRowid(),
                p.difference().sourceKey(), p.op());
    }
}
