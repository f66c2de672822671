package io.cutover.capture.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cutover.core.event.EnvelopeCodec;
import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The SQLite connector's properties (plain strings, as Kafka Connect passes them).
 * Table lists are JSON arrays, because table names may contain commas.
 */
public record SqliteConnectorConfig(String sourceName, Path path, String topicPrefix, List<String> tables,
                                    List<String> exclude, int snapshotChunk, int streamBatch, int deleteBatch,
                                    long pollIntervalMs, int busyTimeoutMs, boolean switchToWal) {
    public static final String SOURCE_NAME = "cutover.source.name";
    public static final String PATH = "sqlite.path";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TABLES = "tables";
    public static final String EXCLUDE = "exclude";
    public static final String SNAPSHOT_CHUNK = "snapshot.chunk.size";
    public static final String STREAM_BATCH = "stream.batch.size";
    public static final String DELETE_BATCH = "changelog.delete.batch.size";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String BUSY_TIMEOUT_MS = "busy.timeout.ms";
    public static final String SWITCH_TO_WAL = "wal.switch";

    public static final ConfigDef DEF = new ConfigDef()
            .define(SOURCE_NAME, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "source name (topic segment)")
            .define(PATH, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "path of the SQLite file")
            .define(TOPIC_PREFIX, ConfigDef.Type.STRING, "cutover", ConfigDef.Importance.MEDIUM, "topic prefix")
            .define(TABLES, ConfigDef.Type.STRING, "[]", ConfigDef.Importance.MEDIUM, "JSON array of tables to capture; empty: all")
            .define(EXCLUDE, ConfigDef.Type.STRING, "[]", ConfigDef.Importance.MEDIUM, "JSON array of tables to skip")
            .define(SNAPSHOT_CHUNK, ConfigDef.Type.INT, 1000, ConfigDef.Importance.LOW, "rows per snapshot chunk")
            .define(STREAM_BATCH, ConfigDef.Type.INT, 500, ConfigDef.Importance.LOW, "changelog rows per poll")
            .define(DELETE_BATCH, ConfigDef.Type.INT, 200, ConfigDef.Importance.LOW, "changelog rows deleted per write transaction")
            .define(POLL_INTERVAL_MS, ConfigDef.Type.LONG, 200L, ConfigDef.Importance.LOW, "wait when the changelog is empty")
            .define(BUSY_TIMEOUT_MS, ConfigDef.Type.INT, 5000, ConfigDef.Importance.LOW, "PRAGMA busy_timeout")
            .define(SWITCH_TO_WAL, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW, "switch the database to WAL mode");

    public static SqliteConnectorConfig from(Map<String, String> props) {
        var v = new org.apache.kafka.common.config.AbstractConfig(DEF, props);
        return new SqliteConnectorConfig(v.getString(SOURCE_NAME), Path.of(v.getString(PATH)), v.getString(TOPIC_PREFIX),
                list(v.getString(TABLES)), list(v.getString(EXCLUDE)), v.getInt(SNAPSHOT_CHUNK), v.getInt(STREAM_BATCH),
                v.getInt(DELETE_BATCH), v.getLong(POLL_INTERVAL_MS), v.getInt(BUSY_TIMEOUT_MS), v.getBoolean(SWITCH_TO_WAL));
    }

    /** JSON form of a table list, for {@link #TABLES} and {@link #EXCLUDE}. */
    public static String listJson(List<String> names) {
        try {
            return EnvelopeCodec.MAPPER.writeValueAsString(names == null ? List.of() : names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(String json) {
        try {
            return EnvelopeCodec.MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("expected a JSON array of table names, got " + json, e);
        }
    }

    /** Whether {@code table} is captured under the tables/exclude filters. */
    public boolean captures(String table) {
        return (tables.isEmpty() || tables.contains(table)) && !exclude.contains(table);
    }
}
