package io.cutover.control;

import java.util.Locale;

/**
 * The stored phases of a migration, in order. {@code in_sync} is not stored: it is
 * {@link #CAPTURING} while the readiness gate passes, and {@code status} reports it that way.
 */
public enum Phase {
    /** Capture and applier run; the app reads and writes the source. */
    CAPTURING("sqlite", "sqlite"),
    /** The app reads Postgres, still writes the source. */
    READS_ON_POSTGRES("postgres", "sqlite"),
    /** The app reads and writes Postgres; the source is fenced. */
    WRITES_ON_POSTGRES("postgres", "postgres"),
    /**
     * A rollback after the write switch is draining reverse replication: Postgres refuses writes,
     * apps wait and ask again ({@code writes: "frozen"}), then everything is back on the source.
     */
    ROLLING_BACK("postgres", "frozen"),
    /** The migration is over. */
    FINALIZED("postgres", "postgres");

    private final String reads;
    private final String writes;

    Phase(String reads, String writes) {
        this.reads = reads;
        this.writes = writes;
    }

    /** Where apps read in this phase: {@code sqlite} (the source) or {@code postgres}. */
    public String reads() {
        return reads;
    }

    /** Where apps write in this phase. */
    public String writes() {
        return writes;
    }

    /** The lower-case name used in the control schema, routing, metrics and JSON reports. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
