package io.cutover.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lossless JSON form of a single column value.
 *
 * <p>Plain JSON carries the common cases the way any Debezium-aware consumer expects: integers as
 * JSON integers, REALs as JSON floats (always with a fraction or exponent, so {@code 1.0} stays a
 * REAL; {@code -0.0} keeps its sign), text as strings. What plain JSON cannot carry is tagged as a
 * one-field object, and a JSON object in a value position is never anything else:
 * <ul>
 *   <li>{@code {"$blob": base64}} for BLOBs;</li>
 *   <li>{@code {"$text": base64}} for TEXT whose bytes are not UTF-8;</li>
 *   <li>{@code {"$real": "NaN"|"Infinity"|"-Infinity"}} for non-finite REALs;</li>
 *   <li>{@code {"$numeric": "123.45"}} for decimals wider than a double;</li>
 *   <li>{@code {"$json": "..."}} for nested JSON kept as its text.</li>
 * </ul>
 */
public final class ValueCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ValueCodec() {
    }

    public static JsonNode encode(Object v) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof Long l) {
            return F.numberNode(l);
        }
        if (v instanceof Integer i) {
            return F.numberNode((long) i);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? F.numberNode(d) : tag("$real", d.toString());
        }
        if (v instanceof Float f) {
            return encode((double) f);
        }
        if (v instanceof BigInteger bi) {
            return F.numberNode(bi);
        }
        if (v instanceof BigDecimal bd) {
            return tag("$numeric", bd.toPlainString());
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof byte[] b) {
            return tag("$blob", Base64.getEncoder().encodeToString(b));
        }
        if (v instanceof InvalidText t) {
            return tag("$text", Base64.getEncoder().encodeToString(t.bytes()));
        }
        if (v instanceof JsonValue j) {
            return tag("$json", j.json());
        }
        throw new IllegalArgumentException("no JSON form for a value of type " + v.getClass().getName());
    }

    public static Object decode(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isFloatingPointNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isObject() && n.size() == 1) {
            var e = n.fields().next();
            String s = e.getValue().asText();
            switch (e.getKey()) {
                case "$blob": return Base64.getDecoder().decode(s);
                case "$text": return new InvalidText(Base64.getDecoder().decode(s));
                case "$real": return Double.valueOf(s);
                case "$numeric": return new BigDecimal(s);
                case "$json": return new JsonValue(s);
                default: break;
            }
        }
        throw new IllegalArgumentException("not a Cutover value: " + n);
    }

    public static ObjectNode encodeRow(Map<String, Object> row) {
        ObjectNode o = F.objectNode();
        row.forEach((k, v) -> o.set(k, encode(v)));
        return o;
    }

    public static Map<String, Object> decodeRow(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> row.put(e.getKey(), decode(e.getValue())));
        return row;
    }

    private static ObjectNode tag(String name, String value) {
        return F.objectNode().put(name, value);
    }
}
