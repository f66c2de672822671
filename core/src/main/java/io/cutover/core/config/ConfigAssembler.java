package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.log.Secrets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cutover.core.config.CutoverConfigDef.*;

/** Parses and validates the flattened values against the declarations, then builds the config. */
final class ConfigAssembler {
    private final Map<String, JsonNode> values;
    private final Path base;

    ConfigAssembler(Map<String, JsonNode> values, Path base) {
        this.values = values;
        this.base = base;
    }

    CutoverConfig assemble() {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (ConfigKey<Object> k : keys()) {
            if (k.type() != ConfigType.MAP && !k.name().equals(SOURCES)) {
                typed.put(k.name(), TypedValues.scalar(k, values.get(k.name()), k.name()));
            }
        }
        Map<String, String> kafkaProps = TypedValues.stringMap(values.get(KAFKA_PROPERTIES), KAFKA_PROPERTIES);
        kafkaProps.forEach((k, v) -> {
            if (k.matches("(?i).*(password|secret|jaas).*")) {
                Secrets.register(v);
            }
        });
        var kafka = new CutoverConfig.Kafka((String) typed.get(KAFKA_BOOTSTRAP), (String) typed.get(KAFKA_PREFIX),
                (Integer) typed.get(KAFKA_PARTITIONS), (Integer) typed.get(KAFKA_REPLICATION),
                (Duration) typed.get(KAFKA_MIN_COMPACTION_LAG), kafkaProps);
        String url = (String) typed.get(POSTGRES_URL);
        DatabaseUrl pg = url == null ? null : DatabaseUrl.parse(url);
        List<SourceConfig> sources = new SourcesAssembler(base).assemble(values.get(SOURCES),
                (Path) typed.get(SQLITE_SHORTCUT), (Path) typed.get(JSON_DIR_SHORTCUT));
        var applier = new CutoverConfig.Applier((String) typed.get(APPLIER_GROUP),
                "stop".equals(typed.get(APPLIER_ERRORS)), (Integer) typed.get(APPLIER_BATCH),
                columnTypes(TypedValues.stringMap(values.get(POSTGRES_COLUMN_TYPES), POSTGRES_COLUMN_TYPES), sources));
        var capture = new CutoverConfig.Capture((Integer) typed.get(CAPTURE_CHUNK), (Integer) typed.get(CAPTURE_BATCH),
                (Duration) typed.get(CAPTURE_POLL), (Boolean) typed.get(CAPTURE_WAL));
        return new CutoverConfig(base.resolve((Path) typed.get(STATE_DIR)).normalize(), kafka, pg,
                (String) typed.get(POSTGRES_SCHEMA), (String) typed.get(POSTGRES_CONTROL_SCHEMA), capture, applier,
                new CutoverConfig.Http((String) typed.get(HTTP_BIND), (Integer) typed.get(HTTP_PORT)), sources,
                new CutoverConfig.Reconciler((Boolean) typed.get(RECONCILER_ENABLED), (Duration) typed.get(RECONCILER_INTERVAL),
                        (Duration) typed.get(RECONCILER_FULL_PASS), (Integer) typed.get(RECONCILER_PAGE),
                        (Boolean) typed.get(RECONCILER_REPAIR)),
                new CutoverConfig.Cutover((Integer) typed.get(CUTOVER_MAX_LAG), (Duration) typed.get(CUTOVER_MAX_PASS_AGE),
                        (Duration) typed.get(CUTOVER_DRAIN_TIMEOUT), (Duration) typed.get(CUTOVER_ROUTING_GRACE)),
                new CutoverConfig.Reverse((Boolean) typed.get(REVERSE_ENABLED), (String) typed.get(REVERSE_SLOT),
                        (String) typed.get(REVERSE_PUBLICATION), (Duration) typed.get(REVERSE_DRAIN_TIMEOUT)));
    }

    /**
     * postgres.column-types plus the JSON files' own {@code columns} overrides as {@code table.column},
     * so that the applier and the reconciler see one list; an explicit postgres.column-types entry wins.
     */
    private static Map<String, String> columnTypes(Map<String, String> explicit, List<SourceConfig> sources) {
        Map<String, String> all = new LinkedHashMap<>();
        for (SourceConfig s : sources) {
            for (JsonFileSpec f : s.files()) {
                f.columns().forEach((c, t) -> all.put(c.contains(".") ? c : f.table() + "." + c, t));
            }
        }
        all.putAll(explicit);
        return all;
    }
}
