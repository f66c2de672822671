package io.cutover.capture.sqlite;

import io.cutover.core.event.SourceInfo;
import io.cutover.core.schema.ColumnProfile;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.ForeignKeySchema;
import io.cutover.core.schema.IndexSchema;
import io.cutover.core.schema.StorageClass;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.ValueProfiler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the schema facts of the app's tables from SQLite's pragmas, and profiles the values stored
 * in each column (SQLite is dynamically typed, so the declared type alone says little).
 */
public final class SqliteSchemaReader {
    private static final Pattern AUTOINCREMENT = Pattern.compile("\\bAUTOINCREMENT\\b", Pattern.CASE_INSENSITIVE);

    private final Connection conn;
    private final String source;

    public SqliteSchemaReader(Connection conn, String source) {
        this.conn = conn;
        this.source = source;
    }

    /** Names of ordinary tables, SQLite's own and Cutover's excluded, sorted. */
    public List<String> tableNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cutover\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** {@code PRAGMA schema_version}: changes with every schema change by any connection. */
    public long schemaVersion() throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA schema_version")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The table's root page: a table rebuilt by the 12-step ALTER gets a new one. */
    public long rootPage(String table) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT rootpage FROM sqlite_master WHERE type='table' AND name=?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Reads the structure of {@code table}, with its stored values profiled when {@code profile}. */
    public TableSchema read(String table, boolean profile) throws SQLException {
        boolean withoutRowid = false;
        String sql = "";
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT l.wr, m.sql FROM pragma_table_list l JOIN sqlite_master m ON m.name = l.name"
                        + " WHERE l.schema = 'main' AND l.name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("table " + table + " does not exist");
                }
                withoutRowid = rs.getInt(1) == 1;
                sql = rs.getString(2) == null ? "" : rs.getString(2);
            }
        }
        List<ColumnSchema> cols = new ArrayList<>();
        Map<Integer, String> pk = new java.util.TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    int pkPos = rs.getInt(5);
                    ColumnSchema c = new ColumnSchema(name, rs.getString(2) == null ? "" : rs.getString(2),
                            rs.getInt(3) == 1, rs.getString(4), pkPos, ColumnProfile.empty());
                    cols.add(profile ? c.withProfile(profile(table, c)) : c);
                    if (pkPos > 0) {
                        pk.put(pkPos, name);
                    }
                }
            }
        }
        List<String> key = pk.isEmpty() ? List.of(TableSchema.ROWID) : List.copyOf(pk.values());
        String auto = null;
        if (pk.size() == 1 && !withoutRowid) {
            ColumnSchema k = cols.stream().filter(c -> c.pkPosition() == 1).findFirst().orElseThrow();
            if (AUTOINCREMENT.matcher(sql).find() || k.declaredType().trim().equalsIgnoreCase("INTEGER")) {
                auto = k.name();
            }
        }
        return new TableSchema(SourceInfo.SQLITE, source, table, cols, key, withoutRowid, auto,
                indexes(table), foreignKeys(table));
    }

    private List<IndexSchema> indexes(String table) throws SQLException {
        List<IndexSchema> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT name, \"unique\" FROM pragma_index_list(?) WHERE origin <> 'pk' ORDER BY name")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexSchema(rs.getString(1), rs.getInt(2) == 1, indexColumns(rs.getString(1))));
                }
            }
        }
        return out;
    }

    private List<String> indexColumns(String index) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM pragma_index_info(?) ORDER BY seqno")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(rs.getString(1) == null ? "<expression>" : rs.getString(1));
                }
            }
        }
        return cols;
    }

    private List<ForeignKeySchema> foreignKeys(String table) throws SQLException {
        Map<Integer, List<String[]>> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new String[]{
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)});
                }
            }
        }
        List<ForeignKeySchema> out = new ArrayList<>();
        for (List<String[]> parts : byId.values()) {
            String[] f = parts.get(0);
            out.add(new ForeignKeySchema(parts.stream().map(p -> p[1]).toList(), f[0],
                    parts.stream().map(p -> p[2]).toList(), f[4], f[3]));
        }
        return out;
    }

    /**
     * Profiles the values stored in one column: the storage classes present, whether all integers
     * are 0/1, and, for columns declared as dates or times, whether every value is a timestamp.
     */
    ColumnProfile profile(String table, ColumnSchema c) throws SQLException {
        String q = Sql.id(c.name());
        String t = Sql.id(table);
        EnumSet<StorageClass> classes = EnumSet.noneOf(StorageClass.class);
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT typeof(" + q + ") FROM " + t)) {
            while (rs.next()) {
                classes.add(StorageClass.fromSqliteTypeof(rs.getString(1)));
            }
        }
        boolean bool01 = true;
        if (classes.contains(StorageClass.INTEGER)) {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS(SELECT 1 FROM " + t
                    + " WHERE typeof(" + q + ") = 'integer' AND " + q + " NOT IN (0, 1))")) {
                bool01 = !(rs.next() && rs.getInt(1) == 1);
            }
        }
        ColumnProfile p = new ColumnProfile(classes, bool01, true);
        String decl = c.declaredType().toUpperCase(Locale.ROOT);
        if (!decl.contains("DATE") && !decl.contains("TIME")) {
            // The timestamp test only matters for date/time columns; elsewhere it is false once a value exists.
            return new ColumnProfile(classes, bool01, p.valueClasses().isEmpty());
        }
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + ValueReader.selectList(List.of(c.name())) + " FROM " + t)) {
            while (rs.next() && p.allTimestamps()) {
                p = p.merge(ValueProfiler.of(ValueReader.value(rs.getString(1), rs, 2)));
            }
        }
        return p;
    }
}
