package io.cutover.capture;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each source's task is doing, reported by the task (which the engine instantiates itself, so
 * there is no object to hand it) and read by {@link CaptureRunner} for its lifecycle state.
 */
public final class CaptureStatus {
    /** A source task's phase. */
    public enum Phase { SNAPSHOTTING, STREAMING }

    private static final Map<String, Phase> PHASES = new ConcurrentHashMap<>();

    private CaptureStatus() {
    }

    public static void report(String source, Phase phase) {
        PHASES.put(source, phase);
    }

    public static Optional<Phase> phase(String source) {
        return Optional.ofNullable(PHASES.get(source));
    }

    public static void clear(String source) {
        PHASES.remove(source);
    }
}
