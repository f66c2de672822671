package io.cutover.control;

import io.cutover.core.control.ControlSchema;
import io.cutover.core.control.Identifiers;
import io.cutover.core.schema.TableSchema;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables the applier has created, as it recorded them in {@code <control>.tables}: the source
 * table, its topic, the target table and the schema facts (keys, indexes, foreign keys, the
 * autoincrement column) that cutover brings into force.
 */
public record MigratedTables(List<MigratedTables.Table> tables) {
    /** One migrated table. */
    public record Table(String source, String sourceTable, String topic, String targetSchema, String targetTable,
                        TableSchema schema) {
        public String qualified() {
            return Identifiers.quote(targetSchema) + "." + Identifiers.quote(targetTable);
        }
    }

    public static MigratedTables load(Connection c, ControlSchema control) throws SQLException {
        List<Table> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT source, source_table, topic, "
                + "target_schema, target_table, schema_json::text FROM " + control.qualified("tables")
                + " ORDER BY source, source_table")) {
            while (rs.next()) {
                out.add(new Table(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        TableSchema.fromJsonBytes(rs.getString(6).getBytes(StandardCharsets.UTF_8))));
            }
        }
        return new MigratedTables(out);
    }

    /** The target of {@code sourceTable} of {@code source}, if migrated. */
    public java.util.Optional<Table> find(String source, String sourceTable) {
        return tables.stream().filter(t -> t.source.equals(source) && t.sourceTable.equals(sourceTable)).findFirst();
    }

    /** Tables called {@code sourceTable} in any source (optionally only {@code source}). */
    public List<Table> named(String sourceTable, String source) {
        return tables.stream().filter(t -> t.sourceTable.equals(sourceTable) && (source == null || t.source.equals(source)))
                .toList();
    }
}
