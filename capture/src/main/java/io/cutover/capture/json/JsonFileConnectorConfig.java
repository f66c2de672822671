package io.cutover.capture.json;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cutover.core.event.EnvelopeCodec;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON file connector's properties (plain strings, as Kafka Connect passes them). File
 * mappings travel as one JSON array, because they nest.
 *
 * @param files configured files; when empty, every {@code *.json} file of the directory with the
 *              defaults of {@link JsonFileMapping#inferred}
 */
public record JsonFileConnectorConfig(String sourceName, Path dir, String topicPrefix, Path stateDir,
                                      List<JsonFileMapping> files, long pollIntervalMs, long debounceMs) {
    public static final String SOURCE_NAME = "cutover.source.name";
    public static final String DIR = "json.dir";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String STATE_DIR = "json.state.dir";
    public static final String FILES = "json.files";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String DEBOUNCE_MS = "debounce.ms";

    public static final ConfigDef DEF = new ConfigDef()
            .define(SOURCE_NAME, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "source name (topic segment)")
            .define(DIR, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "directory of the JSON data files")
            .define(TOPIC_PREFIX, ConfigDef.Type.STRING, "cutover", ConfigDef.Importance.MEDIUM, "topic prefix")
            .define(STATE_DIR, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH,
                    "directory for the last state of each file (must survive restarts)")
            .define(FILES, ConfigDef.Type.STRING, "[]", ConfigDef.Importance.MEDIUM,
                    "JSON array of file mappings; empty: every *.json file with the defaults")
            .define(POLL_INTERVAL_MS, ConfigDef.Type.LONG, 200L, ConfigDef.Importance.LOW,
                    "directory scan interval (the fallback when the file system delivers no events)")
            .define(DEBOUNCE_MS, ConfigDef.Type.LONG, 100L, ConfigDef.Importance.LOW,
                    "a file is read once its size and modification time were stable this long");

    public static JsonFileConnectorConfig from(Map<String, String> props) {
        AbstractConfig v = new AbstractConfig(DEF, props);
        return new JsonFileConnectorConfig(v.getString(SOURCE_NAME), Path.of(v.getString(DIR)),
                v.getString(TOPIC_PREFIX), Path.of(v.getString(STATE_DIR)), files(v.getString(FILES)),
                v.getLong(POLL_INTERVAL_MS), v.getLong(DEBOUNCE_MS));
    }

    /** JSON form of the mappings, for {@link #FILES}. */
    public static String filesJson(List<JsonFileMapping> files) {
        try {
            return EnvelopeCodec.MAPPER.writeValueAsString(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonFileMapping> files(String json) {
        try {
            return List.copyOf(EnvelopeCodec.MAPPER.readValue(json, new TypeReference<List<JsonFileMapping>>() { }));
        } catch (IOException e) {
            throw new IllegalArgumentException("expected a JSON array of file mappings, got " + json, e);
        }
    }

    /** The mapping of a file, when it is captured at all. */
    public Optional<JsonFileMapping> mapping(String fileName) {
        if (files.isEmpty()) {
            return DataFileNames.isDataFile(fileName) ? Optional.of(JsonFileMapping.inferred(fileName)) : Optional.empty();
        }
        return files.stream().filter(f -> f.file().equals(fileName)).findFirst();
    }
}
