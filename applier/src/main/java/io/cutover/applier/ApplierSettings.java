package io.cutover.applier;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the {@link Applier} needs, as plain values; the CLI builds it from cutover.yml.
 *
 * @param kafkaProperties extra Kafka client properties (TLS, SASL); the applier's own consumer
 *                        settings (no auto-commit, read_committed) win over them
 * @param groupId         consumer group; its positions live in {@code <controlSchema>.applied_offsets}
 * @param jdbcUrl         Postgres JDBC URL without credentials
 * @param driverProps     user, password and driver settings
 * @param columnTypes     per-column type overrides, {@code table.column -> pg type}, e.g. jsonb
 * @param errorsMode      what a record Postgres rejects does: dead-letter it and go on, or stop
 * @param maxBatch        most records in one transaction: records polled while a transaction commits gather into the next, up to this many
 */
public record ApplierSettings(String bootstrapServers, Map<String, String> kafkaProperties, String topicPrefix,
                              String groupId, String jdbcUrl, Properties driverProps, String targetSchema,
                              String controlSchema, Map<String, String> columnTypes, ErrorsMode errorsMode,
                              int maxBatch, Duration pollTimeout) {

    /** What happens to a record Postgres rejects. */
    public enum ErrorsMode { CONTINUE, STOP }

    public ApplierSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        columnTypes = columnTypes == null ? Map.of() : Map.copyOf(columnTypes);
        topicPrefix = topicPrefix == null ? "cutover" : topicPrefix;
        groupId = groupId == null ? "cutover-applier" : groupId;
        targetSchema = targetSchema == null ? "public" : targetSchema;
        controlSchema = controlSchema == null ? "cutover" : controlSchema;
        errorsMode = errorsMode == null ? ErrorsMode.CONTINUE : errorsMode;
        driverProps = driverProps == null ? new Properties() : driverProps;
        pollTimeout = pollTimeout == null ? Duration.ofMillis(200) : pollTimeout;
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
    }

    /** The same settings for another consumer group. */
    public ApplierSettings withGroup(String group) {
        return new ApplierSettings(bootstrapServers, kafkaProperties, topicPrefix, group, jdbcUrl, driverProps,
                targetSchema, controlSchema, columnTypes, errorsMode, maxBatch, pollTimeout);
    }

    /** Defaults for everything but the addresses. */
    public static ApplierSettings of(String bootstrapServers, String jdbcUrl, Properties driverProps) {
        return new ApplierSettings(bootstrapServers, Map.of(), "cutover", "cutover-applier", jdbcUrl, driverProps,
                "public", "cutover", Map.of(), ErrorsMode.CONTINUE, 10_000, Duration.ofMillis(200));
    }
}
