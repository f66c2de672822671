package io.cutover.reverse;

import io.cutover.capture.json.JsonSourceView;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.control.ControlSchema;
import io.cutover.core.schema.TopicNames;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the reverse path needs, as plain values; the CLI builds it from cutover.yml.
 *
 * @param topicPrefix   the forward topics' prefix; reverse topics are {@code <prefix>.reverse.<source>.<table>}
 * @param postgres      the migrated database (the connector connects with these credentials; they need
 *                      the REPLICATION attribute or superuser)
 * @param controlSchema the control schema (phase, migrated tables, the drain marker)
 * @param slotName      the logical replication slot, created at the write switch and dropped by
 *                      rollback or finalize
 * @param publication   the publication limited to the migrated tables
 * @param stateDir      where the connector keeps its offsets ({@code reverse.offsets})
 * @param sqliteSources source name to SQLite file the changes are written back to
 * @param jsonSources   source name to capture's view of a JSON source whose files the changes are written back to
 * @param drainTimeout  how long rollback waits for the reverse path to reach lag 0 while writes are frozen
 */
public record ReverseSettings(String bootstrapServers, Map<String, String> kafkaProperties, String topicPrefix,
                              DatabaseUrl postgres, String controlSchema, String slotName, String publication,
                              Path stateDir, Map<String, Path> sqliteSources, Map<String, JsonSourceView> jsonSources,
                              Duration drainTimeout) {
    public ReverseSettings {
        kafkaProperties = Map.copyOf(kafkaProperties);
        sqliteSources = Map.copyOf(sqliteSources);
        jsonSources = jsonSources == null ? Map.of() : Map.copyOf(jsonSources);
    }

    /** Whether the reverse path writes {@code source}'s changes back (a SQLite or a JSON source it knows). */
    public boolean writesBack(String source) {
        return sqliteSources.containsKey(source) || jsonSources.containsKey(source);
    }

    public ControlSchema control() {
        return new ControlSchema(controlSchema);
    }

    /** The topic a migrated table's Postgres changes go to. */
    public String topic(String source, String sourceTable) {
        return TopicNames.forTable(topicPrefix + ".reverse", source, sourceTable);
    }

    /** Where the drain markers go: one record per marker, after everything before it was acknowledged. */
    public String markerTopic() {
        return topicPrefix + ".reverse-marker";
    }

    /** Every reverse data topic of the prefix. */
    public java.util.regex.Pattern topics() {
        return java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(topicPrefix) + "\\.reverse\\..+");
    }
}
