package io.cutover.control;

import java.time.Instant;

/**
 * The current phase as recorded in the control schema.
 *
 * @param changedBy   who made the last change (operating-system user and host, or a name given)
 * @param freezeSeconds the last write freeze (fence to flip), or null when writes were never switched
 * @param frozenUntil   until when a write switch in progress holds the apps' writes, or null when none does
 */
public record CutoverState(Phase phase, String changedBy, Instant changedAt, Double freezeSeconds, Instant frozenUntil) {
    /** {@code writes} while a write switch is in progress: apps hold their writes and ask again. */
    public static final String FROZEN = "frozen";

    /** Where apps write now: the phase's store, or {@value #FROZEN} during a write switch. */
    public String writes() {
        return frozenUntil != null ? FROZEN : phase.writes();
    }

    /** The routing document apps follow: {@code {"reads":..,"writes":..,"phase":..}}. */
    public String routingJson() {
        return "{\"reads\":\"" + phase.reads() + "\",\"writes\":\"" + writes() + "\",\"phase\":\""
                + phase.code() + "\"}";
    }
}
