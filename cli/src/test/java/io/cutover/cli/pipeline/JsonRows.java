package io.cutover.cli.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows as canonical JSON text, for comparing JSON data files with Postgres independently of Cutover's
 * readers and type mapping: Postgres rows come from {@code to_jsonb(row)}, file records from plain
 * Jackson; object keys are sorted, numbers compared by value, top-level nulls dropped (a field a record
 * lacks is a NULL column).
 */
public final class JsonRows {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonRows() {
    }

    static JsonNode read(Path file) throws Exception {
        return MAPPER.readTree(file.toFile());
    }

    static List<String> postgres(Connection c, String schema, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT to_jsonb(t)::text FROM \"" + schema + "\".\""
                + table + "\" t")) {
            while (rs.next()) {
                rows.add(row((ObjectNode) MAPPER.readTree(rs.getString(1))));
            }
        }
        rows.sort(null);
        return rows;
    }

    /** A record plus extra columns (its key, a parent key), without the fields that went elsewhere. */
    static String row(ObjectNode record, Map<String, JsonNode> extra, String... without) {
        ObjectNode o = record.deepCopy();
        for (String w : without) {
            o.remove(w);
        }
        extra.forEach(o::set);
        return row(o);
    }

    /** A record as canonical text: fields sorted, numbers by value, null fields dropped. */
    public static String row(ObjectNode o) {
        Map<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isNull()) {
                sorted.put(e.getKey(), canonical(e.getValue()));
            }
        }
        return sorted.toString();
    }

    private static String canonical(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (n.isObject()) {
            Map<String, String> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), canonical(e.getValue())));
            return m.toString();
        }
        if (n.isArray()) {
            List<String> l = new ArrayList<>();
            n.forEach(x -> l.add(canonical(x)));
            return l.toString();
        }
        return n.toString();
    }
}
