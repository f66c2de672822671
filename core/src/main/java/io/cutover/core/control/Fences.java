package io.cutover.core.control;

/**
 * Names of the write fences the switch sets on a source, shared by control (which sets them) and the
 * reconciler (which must not repair from a fenced source: writes are on Postgres, and re-emitting the
 * source's rows would overwrite newer writes made there).
 */
public final class Fences {
    /** Prefix of the SQLite BEFORE triggers that refuse the app's writes. */
    public static final String SQLITE_TRIGGER_PREFIX = "cutover_fence_";

    private Fences() {
    }
}
