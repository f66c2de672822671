package io.cutover.control;

import java.time.Instant;

/**
 * The current phase as recorded in the control schema.
 *
 * @param changedBy   who made the last change (operating-system user and host, or a name given)
 * @param freezeSeconds the last write freeze (fence to flip), or null when writes were never switched
 */
public record CutoverState(Phase phase, String changedBy, Instant changedAt, Double freezeSeconds) {
    /** The routing document apps follow: {@code {"reads":..,"writes":..,"phase":..}}. */
    public String routingJson() {
        return "{\"reads\":\"" + phase.reads() + "\",\"writes\":\"" + phase.writes() + "\",\"phase\":\""
                + phase.code() + "\"}";
    }
}
