package io.cutover.control;

import io.cutover.capture.json.JsonSourceView;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the control commands need, as plain values; the CLI builds it from cutover.yml.
 *
 * @param sqliteSources source name to SQLite file, for fencing and draining
 * @param jsonSources   capture's view of each JSON source, for fencing and draining
 * @param routingGrace  with JSON sources, the wait between routing saying writes are frozen and fencing the files
 * @param drainTimeout  how long the write switch waits for capture and the applier to catch up
 *                      while writes are frozen before it gives up, unfences and stays on the source
 * @param maxLagEvents  the readiness gate: most unapplied events per table for reads to flip without --force
 * @param maxCleanPassAge the readiness gate: oldest clean full reconcile pass that still counts
 */
public record ControlSettings(String topicPrefix, String groupId, Map<String, Path> sqliteSources,
                              Duration drainTimeout, long maxLagEvents, Duration maxCleanPassAge,
                              List<JsonSourceView> jsonSources, Duration routingGrace) {
    /** Settings with SQLite sources only. */
    public ControlSettings(String topicPrefix, String groupId, Map<String, Path> sqliteSources, Duration drainTimeout,
                           long maxLagEvents, Duration maxCleanPassAge) {
        this(topicPrefix, groupId, sqliteSources, drainTimeout, maxLagEvents, maxCleanPassAge, List.of(), Duration.ZERO);
    }

    /** The readiness gate these settings describe. */
    public ReadinessGate gate() {
        return new ReadinessGate(maxLagEvents, maxCleanPassAge);
    }

    public ControlSettings {
        sqliteSources = Map.copyOf(sqliteSources);
        jsonSources = jsonSources == null ? List.of() : List.copyOf(jsonSources);
        routingGrace = routingGrace == null ? Duration.ZERO : routingGrace;
    }
}
