package io.cutover.cli.pipeline;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Dumps a table of either side with plain JDBC, independently of Cutover's readers and type mapping:
 * each row becomes its columns sorted by name, each value the hex of its canonical text (integers in
 * decimal, REALs in Postgres's float8 text form, the documented form of a REAL in a text column,
 * text as UTF-8, BLOB and bytea as their bytes). Equal dumps mean equal data under the documented
 * mapping; the reconciler is not involved.
 */
public final class TableDump {
    private TableDump() {
    }

    static List<String> sqlite(Path db, String table, boolean rowid) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            String q = "\"" + table.replace("\"", "\"\"") + "\"";
            return dump(c, "SELECT " + (rowid ? "rowid AS _rowid, " : "") + "* FROM " + q);
        }
    }

    static List<String> postgres(Connection c, String table) throws Exception {
        return dump(c, "SELECT * FROM public.\"" + table.replace("\"", "\"\"") + "\"");
    }

    /**
     * The rows of a query by key (the key columns' canonical values joined by '|'), each as its dump
     * line, for counting missing, extra and different rows rather than only seeing that dumps differ.
     */
    public static java.util.Map<String, String> keyed(Connection c, String sql, List<String> keyColumns) throws Exception {
        java.util.Map<String, String> rows = new TreeMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                TreeMap<String, String> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), canonical(rs.getObject(i)));
                }
                List<String> key = new ArrayList<>();
                keyColumns.forEach(k -> key.add(row.get(k)));
                rows.put(String.join("|", key), row.toString());
            }
        }
        return rows;
    }

    private static List<String> dump(Connection c, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                TreeMap<String, String> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), canonical(rs.getObject(i)));
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String canonical(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        String text;
        if (v instanceof Double d) {
            text = io.cutover.core.schema.PgFloatText.format(d);
        } else if (v instanceof Float f) {
            text = io.cutover.core.schema.PgFloatText.format(f);
        } else if (v instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (v instanceof Number n) {
            text = Long.toString(n.longValue());
        } else {
            text = v.toString();
        }
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
