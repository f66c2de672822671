package io.cutover.capture.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.event.ValueCodec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed file into rows per table, keyed by the key's JSON text: the records at the
 * configured location, each record's top-level fields as columns, and the configured nested fields as
 * child tables that carry the parent key.
 */
final class JsonRecordExtractor {
    /** The file's structure does not match its mapping (e.g. no array where records should be). */
    static final class ShapeException extends Exception {
        ShapeException(String message) {
            super(message);
        }
    }

    private final JsonFileMapping m;
    private int skipped;
    private String lastSkipped;
    private int duplicates;
    private String lastDuplicate;

    JsonRecordExtractor(JsonFileMapping mapping) {
        this.m = mapping;
    }

    /** Tables in mapping order (parent first), each key's JSON text to its row. */
    Map<String, Map<String, Map<String, Object>>> extract(JsonNode root) throws ShapeException {
        skipped = 0;
        duplicates = 0;
        Map<String, Map<String, Map<String, Object>>> out = new LinkedHashMap<>();
        out.put(m.table(), new LinkedHashMap<>());
        m.children().forEach(c -> out.put(c.table(), new LinkedHashMap<>()));
        JsonNode at = locate(root);
        boolean keyedObject = "object".equals(m.records()) || m.records() == null && at.isObject();
        if (keyedObject) {
            if (!at.isObject()) {
                throw new ShapeException("expected an object keyed by id at " + where() + ", found " + at.getNodeType());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = at.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ObjectNode rec = e.getValue().isObject() ? ((ObjectNode) e.getValue()).deepCopy()
                        : ValueCodec.encodeRow(Map.of()).set("value", e.getValue());
                Map<String, Object> key = new LinkedHashMap<>();
                key.put(m.key().get(0), e.getKey());
                rec.remove(m.key().get(0));
                record(rec, key, out);
            }
        } else {
            if (!at.isArray()) {
                throw new ShapeException("expected an array of records at " + where() + ", found " + at.getNodeType());
            }
            for (JsonNode r : at) {
                if (!r.isObject()) {
                    throw new ShapeException("expected records as objects at " + where() + ", found " + r.getNodeType());
                }
                Map<String, Object> key = new LinkedHashMap<>();
                for (String k : m.key()) {
                    Object v = JsonValues.value(r.get(k));
                    if (v != null) {
                        key.put(k, v);
                    }
                }
                if (key.size() < m.key().size()) {
                    // A record without its key cannot be upserted; it is skipped and counted, not a reason to stop the file.
                    skipped++;
                    lastSkipped = abbreviate(r);
                    continue;
                }
                ObjectNode rec = ((ObjectNode) r).deepCopy();
                m.key().forEach(rec::remove);
                record(rec, key, out);
            }
        }
        return out;
    }

    private void record(ObjectNode rec, Map<String, Object> key, Map<String, Map<String, Map<String, Object>>> out) {
        String keyText = keyText(key);
        Map<String, Object> row = new LinkedHashMap<>(key);
        for (JsonFileMapping.Child c : m.children()) {
            JsonNode nested = rec.remove(c.field());
            children(c, key, nested, out.get(c.table()));
        }
        rec.fields().forEachRemaining(f -> row.put(f.getKey(), JsonValues.value(f.getValue())));
        // Duplicate keys: the last record wins, as an upsert of both would end; counted, so it is never silent.
        if (out.get(m.table()).put(keyText, row) != null) {
            duplicates++;
            lastDuplicate = keyText;
        }
    }

    private void children(JsonFileMapping.Child c, Map<String, Object> parentKey, JsonNode nested,
                          Map<String, Map<String, Object>> rows) {
        if (nested == null || nested.isNull()) {
            return;
        }
        List<String> pk = m.parentKeyColumns(c);
        Map<String, Object> base = new LinkedHashMap<>();
        int i = 0;
        for (Object v : parentKey.values()) {
            base.put(pk.get(i++), v);
        }
        if (!nested.isArray()) {
            Map<String, Object> row = new LinkedHashMap<>(base);
            fields(nested, row);
            rows.put(keyText(base), row);
            return;
        }
        for (int pos = 0; pos < nested.size(); pos++) {
            JsonNode el = nested.get(pos);
            Map<String, Object> key = new LinkedHashMap<>(base);
            if (c.key().isEmpty() || !el.isObject()) {
                key.put(JsonFileMapping.Child.INDEX, (long) pos);
            } else {
                for (String k : c.key()) {
                    key.put(k, JsonValues.value(el.get(k)));
                }
                if (key.containsValue(null)) {
                    skipped++; // an element without its key cannot be upserted: counted like a keyless record
                    lastSkipped = abbreviate(el);
                    continue;
                }
            }
            Map<String, Object> row = new LinkedHashMap<>(key);
            fields(el, row);
            rows.put(keyText(key), row);
        }
    }

    private static void fields(JsonNode n, Map<String, Object> row) {
        if (n.isObject()) {
            n.fields().forEachRemaining(f -> row.putIfAbsent(f.getKey(), JsonValues.value(f.getValue())));
        } else {
            row.put("value", JsonValues.value(n));
        }
    }

    /** Records of the last {@link #extract} skipped for lacking a key field, and an example. */
    int skipped() {
        return skipped;
    }

    String lastSkipped() {
        return lastSkipped;
    }

    /** Records of the last {@link #extract} replaced by a later record with the same key, and such a key. */
    int duplicates() {
        return duplicates;
    }

    String lastDuplicate() {
        return lastDuplicate;
    }

    static String keyText(Map<String, Object> key) {
        return ValueCodec.encodeRow(key).toString();
    }

    private JsonNode locate(JsonNode root) throws ShapeException {
        String r = m.records();
        if (r == null || r.equals("array") || r.equals("object") || r.isEmpty() || r.equals("/")) {
            return root;
        }
        JsonNode at = root.at(JsonPointer.compile(r));
        if (at.isMissingNode()) {
            throw new ShapeException("nothing at JSON pointer " + r);
        }
        return at;
    }

    private String where() {
        return m.file() + (m.records() != null && m.records().startsWith("/") ? m.records() : " (root)");
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
