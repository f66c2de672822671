package io.cutover.reverse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.capture.json.JsonSourceView;
import io.cutover.core.schema.TableSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One data file of a JSON source, changed in place record by record and written out in its own
 * layout: records where the mapping says (an array, an object keyed by id, or under a JSON pointer,
 * with everything else in the file untouched), existing records and fields in their order, new
 * records appended, and the file's indentation (two spaces, a tab, or none) kept. Records are found by
 * the same key text capture uses ({@link JsonSourceView#keyText}).
 */
final class JsonFileRewriter {
    /** Like capture's reader: exact decimals, so a number not written back comes out as it went in. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final JsonFileMapping m;
    private final JsonValuesBack values;
    private final JsonNode root;
    private final JsonNode original;
    private final JsonNode container;
    private final boolean keyedObject;
    private final JsonLayout layout;
    private final String readDigest;
    /** Array records by key text (the last of duplicates, as capture reads them); built once per file read. */
    private Map<String, ObjectNode> index;
    /** Keys of array records deleted, removed in one pass before the file is compared or written. */
    private final java.util.Set<String> deleted = new java.util.HashSet<>();

    private JsonFileRewriter(JsonFileMapping m, TableSchema schema, byte[] bytes) throws IOException {
        this.m = m;
        this.values = new JsonValuesBack(schema, m.columns());
        this.root = MAPPER.readTree(bytes);
        this.readDigest = io.cutover.capture.json.JsonFence.digest(bytes);
        this.original = root.deepCopy();
        String r = m.records();
        JsonNode at = r == null || r.equals("array") || r.equals("object") || r.equals("/") ? root : root.at(JsonPointer.compile(r));
        if (at.isMissingNode()) {
            throw new IOException(m.file() + ": nothing at JSON pointer " + r);
        }
        this.container = at;
        this.keyedObject = "object".equals(r) || r == null && at.isObject();
        if (keyedObject ? !at.isObject() : !at.isArray()) {
            throw new IOException(m.file() + ": the records are not " + (keyedObject ? "an object keyed by id" : "an array"));
        }
        this.layout = JsonLayout.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The digest of the content as read, before any change. */
    String readDigest() {
        return readDigest;
    }

    static JsonFileRewriter read(Path file, JsonFileMapping m, TableSchema schema) throws IOException {
        return new JsonFileRewriter(m, schema, Files.readAllBytes(file));
    }

    void upsert(Map<String, Object> pgKey, Map<String, Object> after) {
        String keyText = keyText(pgKey);
        ObjectNode rec = find(keyedObject ? String.valueOf(pgKey.get(m.key().get(0))) : keyText);
        boolean fresh = rec == null;
        if (fresh) {
            rec = JsonNodeFactory.instance.objectNode();
            if (keyedObject) {
                ((ObjectNode) container).set(String.valueOf(pgKey.get(m.key().get(0))), rec);
            } else {
                for (String k : m.key()) {
                    rec.set(k, values.node(k, pgKey.get(k)));
                }
                ((ArrayNode) container).add(rec);
                index().put(keyText, rec);
            }
        }
        for (var e : after.entrySet()) {
            String col = e.getKey();
            if (keyedObject && col.equals(m.key().get(0)) || !values.known(col)) {
                continue; // the map key carries it; or a column added on Postgres after the switch
            }
            if (!fresh && !rec.has(col) && e.getValue() == null) {
                continue; // absent and null read the same; keep the record as the app wrote it
            }
            rec.set(col, values.node(col, e.getValue()));
        }
    }

    void delete(Map<String, Object> pgKey) {
        String keyText = keyText(pgKey);
        if (keyedObject) {
            ((ObjectNode) container).remove(String.valueOf(pgKey.get(m.key().get(0))));
            return;
        }
        if (index().remove(keyText) != null) {
            deleted.add(keyText);
        }
    }

    /**
     * Removes the deleted keys' records, duplicates included (capture reads them as one row), but not
     * a record the same batch inserted again: that one is in the index.
     */
    private void removeDeleted() {
        if (deleted.isEmpty()) {
            return;
        }
        ArrayNode arr = (ArrayNode) container;
        for (int i = arr.size() - 1; i >= 0; i--) {
            JsonNode r = arr.get(i);
            if (r.isObject()) {
                String k = keyOf(r);
                if (deleted.contains(k) && index().get(k) != r) {
                    arr.remove(i);
                }
            }
        }
        deleted.clear();
    }

    /** Whether any value changed; numbers compare by value (the file's 2 and Postgres's 2 are one). */
    boolean changed() {
        removeDeleted();
        return !root.equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, original);
    }

    byte[] bytes() throws IOException {
        removeDeleted();
        return layout.write(MAPPER, root);
    }

    /** The record of {@code id}: its name in an object keyed by id, else its key text. */
    private ObjectNode find(String id) {
        if (keyedObject) {
            JsonNode r = container.get(id);
            return r instanceof ObjectNode o ? o : null;
        }
        return index().get(id);
    }

    /** Array records by key text; of duplicates the last, which capture reads and so the write-back changes. */
    private Map<String, ObjectNode> index() {
        if (index == null) {
            index = new java.util.HashMap<>();
            for (JsonNode r : container) {
                if (r.isObject()) {
                    index.put(keyOf(r), (ObjectNode) r);
                }
            }
        }
        return index;
    }

    /** Capture's key text of a record of an array. */
    private String keyOf(JsonNode r) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String k : m.key()) {
            key.put(k, JsonValuesBack.plain(r.get(k)));
        }
        return JsonSourceView.keyText(key);
    }

    /** Capture's key text of a Postgres key: the mapping's key fields, in its order. */
    private String keyText(Map<String, Object> pgKey) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String k : m.key()) {
            Object v = pgKey.get(k);
            key.put(k, keyedObject ? String.valueOf(v) : JsonValuesBack.plain(values.node(k, v)));
        }
        return JsonSourceView.keyText(key);
    }
}
