package io.cutover.capture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link CaptureRunner} needs, as plain values (the CLI builds this from cutover.yml).
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param kafkaProperties    extra Kafka client properties passed to producer and admin client as-is
 *                           (TLS, SASL, ...); the runner's own safety settings (acks=all,
 *                           idempotence) win over these
 * @param topicPrefix        topic prefix (topics are {@code <prefix>.<source>.<table>})
 * @param partitions         partition count of created topics
 * @param replicationFactor  replication factor of created topics
 * @param minCompactionLag   {@code min.compaction.lag.ms} of created topics: how long recent history
 *                           stays uncompacted, for replays
 * @param stateDir           directory for the offset files (one per source)
 * @param sqliteSources      the SQLite files to capture
 * @param snapshotChunkSize  rows per snapshot chunk (one short read transaction each)
 * @param streamBatchSize    changelog rows per streaming batch
 * @param pollInterval       wait between polls when the changelog is empty; for JSON directories, the
 *                           scan interval
 * @param jsonSources        the directories of JSON data files to capture
 */
public record CaptureSettings(String bootstrapServers, Map<String, String> kafkaProperties, String topicPrefix,
                              int partitions, short replicationFactor, Duration minCompactionLag, Path stateDir,
                              List<Sqlite> sqliteSources, int snapshotChunkSize, int streamBatchSize,
                              Duration pollInterval, List<JsonDir> jsonSources) {
    /**
     * One directory of JSON data files.
     *
     * @param name  source name (a topic segment)
     * @param dir   the directory; it must exist
     * @param files file mappings; empty means every {@code *.json} file with the defaults
     */
    public record JsonDir(String name, Path dir, List<io.cutover.capture.json.JsonFileMapping> files) {
        public JsonDir {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dir, "dir");
            if (!name.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("source name '" + name + "' must be lower-case letters, digits and underscores");
            }
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /** Settings without JSON sources (the form SQLite-only callers use). */
    public CaptureSettings(String bootstrapServers, Map<String, String> kafkaProperties, String topicPrefix,
                           int partitions, short replicationFactor, Duration minCompactionLag, Path stateDir,
                           List<Sqlite> sqliteSources, int snapshotChunkSize, int streamBatchSize, Duration pollInterval) {
        this(bootstrapServers, kafkaProperties, topicPrefix, partitions, replicationFactor, minCompactionLag, stateDir,
                sqliteSources, snapshotChunkSize, streamBatchSize, pollInterval, List.of());
    }

    /**
     * One SQLite source.
     *
     * @param name        source name (a topic segment: lower-case letters, digits, underscores)
     * @param path        the database file; it must exist
     * @param tables      tables to capture; empty means all
     * @param exclude     tables to skip
     * @param switchToWal switch the database to WAL mode at start (see the warning capture logs)
     */
    public record Sqlite(String name, Path path, List<String> tables, List<String> exclude, boolean switchToWal) {
        public Sqlite {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            if (!name.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("source name '" + name + "' must be lower-case letters, digits and underscores");
            }
            tables = tables == null ? List.of() : List.copyOf(tables);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }
    }

    public CaptureSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        topicPrefix = topicPrefix == null ? "cutover" : topicPrefix;
        sqliteSources = List.copyOf(sqliteSources);
        jsonSources = jsonSources == null ? List.of() : List.copyOf(jsonSources);
        if (partitions < 1 || replicationFactor < 1 || snapshotChunkSize < 1 || streamBatchSize < 1) {
            throw new IllegalArgumentException("partitions, replication factor and batch sizes must be at least 1");
        }
    }

    /** Defaults: prefix {@code cutover}, 3 partitions, replication 1, 7 days' uncompacted history, chunks of 5000. */
    /** Where capture keeps the file states of JSON source {@code source} (shared with the reconciler and the switch). */
    public static java.nio.file.Path jsonStateDir(java.nio.file.Path captureStateDir, String source) {
        return captureStateDir.resolve(source + ".files");
    }

    public static CaptureSettings of(String bootstrapServers, Path stateDir, List<Sqlite> sources) {
        return new CaptureSettings(bootstrapServers, Map.of(), "cutover", 3, (short) 1, Duration.ofDays(7), stateDir,
                sources, 5000, 500, Duration.ofMillis(50));
    }
}
