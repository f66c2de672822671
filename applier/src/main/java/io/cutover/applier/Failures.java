package io.cutover.applier;

import java.sql.SQLException;

/** Sorts failures: the record's fault (dead-letter it), worth retrying, or fatal. */
final class Failures {
    private Failures() {
    }

    /** Data exceptions (22), integrity violations (23) and type mismatches belong to one record. */
    static boolean isPerRecord(Throwable t) {
        if (t instanceof RecordRejected) {
            return true;
        }
        String state = sqlState(t);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("42804"));
    }

    /** Lost connections, serialization failures, deadlocks, shutdowns, resource shortages. */
    static boolean isRetriable(Throwable t) {
        String state = sqlState(t);
        if (state == null) {
            return t instanceof SQLException;
        }
        return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")
                || state.equals("55P03");
    }

    static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }
}
