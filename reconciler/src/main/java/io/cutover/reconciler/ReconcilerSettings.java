package io.cutover.reconciler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the reconciler needs, as plain values; the CLI builds it from cutover.yml.
 *
 * @param applierGroupId   the applier's consumer group, whose stored offsets say what is applied
 * @param sqliteSources    the SQLite sources, by name, as capture is configured
 * @param interval         time between rounds (suspect rechecks and, when due, a full pass)
 * @param fullPassInterval time between full passes
 * @param pageSize         rows per SQLite page and per Postgres fetch
 * @param repair           re-emit confirmed mismatches through capture's changelog
 * @param captureGrace     how long a change that is the changelog's last row is given to be emitted
 * @param jsonSources      the JSON sources, by name
 */
public record ReconcilerSettings(String bootstrapServers, Map<String, String> kafkaProperties, String applierGroupId,
                                 String jdbcUrl, Properties driverProps, String controlSchema,
                                 List<SqliteSource> sqliteSources, Duration interval, Duration fullPassInterval,
                                 int pageSize, boolean repair, Duration captureGrace, List<JsonSource> jsonSources) {
    /** One JSON source, seen through capture's view of its files and file states. */
    public record JsonSource(String name, io.cutover.capture.json.JsonSourceView view) {
    }

    /** Settings with SQLite sources only. */
    public ReconcilerSettings(String bootstrapServers, Map<String, String> kafkaProperties, String applierGroupId,
                              String jdbcUrl, Properties driverProps, String controlSchema,
                              List<SqliteSource> sqliteSources, Duration interval, Duration fullPassInterval,
                              int pageSize, boolean repair, Duration captureGrace) {
        this(bootstrapServers, kafkaProperties, applierGroupId, jdbcUrl, driverProps, controlSchema, sqliteSources,
                interval, fullPassInterval, pageSize, repair, captureGrace, List.of());
    }

    /** One SQLite source: its configured name, file, and the tables capture is told to take or skip (empty: all). */
    public record SqliteSource(String name, Path path, List<String> tables, List<String> exclude) {
        public SqliteSource {
            tables = tables == null ? List.of() : List.copyOf(tables);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }

        public SqliteSource(String name, Path path) {
            this(name, path, List.of(), List.of());
        }

        /** Whether capture captures {@code table}. */
        public boolean captures(String table) {
            return (tables.isEmpty() || tables.contains(table)) && !exclude.contains(table);
        }
    }

    public ReconcilerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        applierGroupId = applierGroupId == null ? "cutover-applier" : applierGroupId;
        controlSchema = controlSchema == null ? "cutover" : controlSchema;
        driverProps = driverProps == null ? new Properties() : driverProps;
        sqliteSources = List.copyOf(sqliteSources);
        jsonSources = jsonSources == null ? List.of() : List.copyOf(jsonSources);
        interval = interval == null ? Duration.ofSeconds(5) : interval;
        fullPassInterval = fullPassInterval == null ? Duration.ofMinutes(5) : fullPassInterval;
        captureGrace = captureGrace == null ? Duration.ofSeconds(2) : captureGrace;
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
    }

    public ReconcilerSettings withRepair(boolean on) {
        return new ReconcilerSettings(bootstrapServers, kafkaProperties, applierGroupId, jdbcUrl, driverProps,
                controlSchema, sqliteSources, interval, fullPassInterval, pageSize, on, captureGrace, jsonSources);
    }

    public ReconcilerSettings withIntervals(Duration round, Duration full) {
        return new ReconcilerSettings(bootstrapServers, kafkaProperties, applierGroupId, jdbcUrl, driverProps,
                controlSchema, sqliteSources, round, full, pageSize, repair, captureGrace, jsonSources);
    }
}
