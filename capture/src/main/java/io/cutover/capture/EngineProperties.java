package io.cutover.capture;

import io.cutover.capture.json.JsonFileConnectorConfig;
import io.cutover.capture.json.JsonFileSourceConnector;
import io.cutover.capture.sqlite.SqliteConnectorConfig;
import io.cutover.capture.sqlite.SqliteSourceConnector;

import java.nio.file.Path;
import java.util.Properties;

/** The embedded engine's properties for each kind of source, and where each keeps its state. */
final class EngineProperties {
    private EngineProperties() {
    }

    static Properties of(CaptureSettings settings, CaptureSettings.Sqlite s) {
        Properties p = new Properties();
        p.setProperty("name", "cutover-sqlite-" + s.name());
        p.setProperty("connector.class", SqliteSourceConnector.class.getName());
        p.setProperty("offset.storage", AtomicFileOffsetStore.class.getName());
        p.setProperty("offset.storage.file.filename", offsetFile(settings, s).toString());
        // Offsets are only a resume point (changelog rows go once Kafka acknowledged them), so a
        // restart repeats at most this much work as harmless upserts; each flush costs an fsync.
        p.setProperty("offset.flush.interval.ms", "250");
        p.setProperty(SqliteConnectorConfig.SOURCE_NAME, s.name());
        p.setProperty(SqliteConnectorConfig.PATH, s.path().toAbsolutePath().toString());
        p.setProperty(SqliteConnectorConfig.TOPIC_PREFIX, settings.topicPrefix());
        p.setProperty(SqliteConnectorConfig.TABLES, SqliteConnectorConfig.listJson(s.tables()));
        p.setProperty(SqliteConnectorConfig.EXCLUDE, SqliteConnectorConfig.listJson(s.exclude()));
        p.setProperty(SqliteConnectorConfig.SNAPSHOT_CHUNK, Integer.toString(settings.snapshotChunkSize()));
        p.setProperty(SqliteConnectorConfig.STREAM_BATCH, Integer.toString(settings.streamBatchSize()));
        p.setProperty(SqliteConnectorConfig.POLL_INTERVAL_MS, Long.toString(settings.pollInterval().toMillis()));
        p.setProperty(SqliteConnectorConfig.SWITCH_TO_WAL, Boolean.toString(s.switchToWal()));
        return p;
    }

    static Properties of(CaptureSettings settings, CaptureSettings.JsonDir s) {
        Properties p = new Properties();
        p.setProperty("name", "cutover-jsonfile-" + s.name());
        p.setProperty("connector.class", JsonFileSourceConnector.class.getName());
        p.setProperty("offset.storage", AtomicFileOffsetStore.class.getName());
        p.setProperty("offset.storage.file.filename", settings.stateDir().resolve(s.name() + ".offsets").toString());
        // File states older than the flushed offset are pruned; a flush costs an fsync.
        p.setProperty("offset.flush.interval.ms", "250");
        p.setProperty(JsonFileConnectorConfig.SOURCE_NAME, s.name());
        p.setProperty(JsonFileConnectorConfig.DIR, s.dir().toAbsolutePath().toString());
        p.setProperty(JsonFileConnectorConfig.TOPIC_PREFIX, settings.topicPrefix());
        p.setProperty(JsonFileConnectorConfig.STATE_DIR, jsonStateDir(settings, s).toAbsolutePath().toString());
        p.setProperty(JsonFileConnectorConfig.FILES, JsonFileConnectorConfig.filesJson(s.files()));
        p.setProperty(JsonFileConnectorConfig.POLL_INTERVAL_MS, Long.toString(settings.pollInterval().toMillis()));
        return p;
    }

    /** Where a JSON source keeps its file states. */
    static Path jsonStateDir(CaptureSettings settings, CaptureSettings.JsonDir s) {
        return CaptureSettings.jsonStateDir(settings.stateDir(), s.name());
    }

    static Path offsetFile(CaptureSettings settings, CaptureSettings.Sqlite s) {
        return settings.stateDir().resolve(s.name() + ".offsets");
    }
}
