package io.cutover.core.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cutover.core.event.EnvelopeCodec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The schema facts of one source table that travel with its events (Kafka header
 * {@value #HEADER}), so that the applier can create, extend and widen the target table, and so that
 * a replay from the earliest offset still finds them after compaction.
 *
 * @param connector     {@code sqlite} or {@code jsonfile}
 * @param source        the configured source name
 * @param table         the source table name, unsanitised
 * @param columns       columns in source order
 * @param primaryKey    key columns in key order; for a table without a declared key, {@link #ROWID}
 * @param withoutRowid  a SQLite WITHOUT ROWID table
 * @param autoincrement the AUTOINCREMENT (or INTEGER PRIMARY KEY) column whose Postgres sequence
 *                      must continue after the source ids, or null
 */
public record TableSchema(String connector, String source, String table, List<ColumnSchema> columns,
                          List<String> primaryKey, boolean withoutRowid, String autoincrement,
                          List<IndexSchema> indexes, List<ForeignKeySchema> foreignKeys) {
    /** Kafka header carrying this schema as JSON. */
    public static final String HEADER = "cutover.schema";
    /**
     * The key column used for tables without a declared primary key (with a warning). Its value is in
     * the key and in the row image, and the applier creates it as a bigint primary key column.
     */
    public static final String ROWID = "_rowid";

    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
    }

    public boolean usesRowid() {
        return primaryKey.equals(List.of(ROWID)) && column(ROWID).isEmpty();
    }

    public Optional<ColumnSchema> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public byte[] toJsonBytes() {
        try {
            return EnvelopeCodec.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TableSchema fromJsonBytes(byte[] bytes) {
        try {
            return EnvelopeCodec.MAPPER.readValue(bytes, TableSchema.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a Cutover table schema: " + e.getMessage(), e);
        }
    }

    /** A short, stable digest; equal schemas have equal fingerprints. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(toJsonBytes());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
