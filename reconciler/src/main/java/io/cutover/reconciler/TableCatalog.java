package io.cutover.reconciler;

import io.cutover.core.control.ControlSchema;
import io.cutover.core.schema.PgType;
import io.cutover.core.schema.TableSchema;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads which source tables the applier has created in Postgres, with their actual column types. */
public final class TableCatalog {
    private final ControlSchema control;

    public TableCatalog(ControlSchema control) {
        this.control = control;
    }

    /** The tables of {@code source} the applier has recorded, by source table name. */
    public List<MappedTable> tables(Connection c, String source) throws SQLException {
        List<MappedTable> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT topic, target_schema, target_table, schema_json::text FROM "
                + control.qualified("tables") + " WHERE source = ? ORDER BY source_table")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableSchema s = TableSchema.fromJsonBytes(rs.getString(4).getBytes(StandardCharsets.UTF_8));
                    out.add(new MappedTable(source, rs.getString(1), rs.getString(2), rs.getString(3), s, Map.of()));
                }
            }
        }
        List<MappedTable> typed = new ArrayList<>();
        for (MappedTable t : out) {
            Map<String, PgType> types = columnTypes(c, t.targetSchema(), t.targetTable());
            if (!types.isEmpty()) {
                typed.add(new MappedTable(t.source(), t.topic(), t.targetSchema(), t.targetTable(), t.schema(), types));
            }
        }
        return typed;
    }

    static Map<String, PgType> columnTypes(Connection c, String schema, String table) throws SQLException {
        Map<String, PgType> cols = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
                + "FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = ? AND t.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.put(rs.getString(1), PgType.fromSql(rs.getString(2)));
                }
            }
        }
        return cols;
    }
}
