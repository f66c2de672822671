package io.cutover.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated configuration of one Cutover process. Built only by {@link ConfigLoader}.
 *
 * @param postgresUrl null when no Postgres was configured (commands that need one say so)
 */
public record CutoverConfig(Path stateDir, Kafka kafka, DatabaseUrl postgresUrl, String targetSchema,
                            String controlSchema, Capture capture, Applier applier, Http http,
                            List<SourceConfig> sources, Reconciler reconciler, Cutover cutover, Reverse reverse) {

    /** Reverse replication after the write switch ({@code reverse.*}). */
    public record Reverse(boolean enabled, String slotName, String publication, Duration drainTimeout) {
    }

    /** The readiness gate and the write switch. */
    public record Cutover(long maxLagEvents, Duration maxCleanPassAge, Duration drainTimeout, Duration routingGrace) {
    }

    /** Kafka settings; {@link #properties} pass through to every client. */
    public record Kafka(String bootstrap, String topicPrefix, int partitions, int replicationFactor,
                        Duration minCompactionLag, Map<String, String> properties) {
        public boolean embedded() {
            return BootstrapServers.EMBEDDED.equals(bootstrap);
        }
    }

    public record Http(String bind, int port) {
    }

    /** How the applier writes to Postgres. */
    public record Applier(String groupId, boolean stopOnRejected, int batchSize, Map<String, String> columnTypes) {
    }

    /** How the reconciler compares the sides. */
    public record Reconciler(boolean enabled, Duration interval, Duration fullPassInterval, int pageSize, boolean repair) {
    }

    /** How capture reads the sources. */
    public record Capture(int snapshotChunkSize, int batchSize, Duration pollInterval, boolean switchToWal) {
    }

    /** The Postgres URL, or a ConfigException saying how to set it. */
    public DatabaseUrl requirePostgres() {
        if (postgresUrl == null) {
            return DatabaseUrl.parse(null);
        }
        return postgresUrl;
    }
}
