package io.cutover.core.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads envelopes and keys straight from the parser's tokens, without building a JSON tree first:
 * the applier decodes every record it applies, and the tree and its copying were the largest part
 * of its CPU time (BENCHMARKS.md). Gives exactly what {@link ValueCodec#decode} gives for a tree:
 * integers as {@link Long} (or {@link java.math.BigInteger} beyond 64 bits), floats as
 * {@link Double}, a repeated field keeps its first position and its last value.
 */
final class EnvelopeReader {
    private EnvelopeReader() {
    }

    static Map<String, Object> key(byte[] bytes) {
        try (JsonParser p = EnvelopeCodec.MAPPER.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a key object");
            return row(p);
        } catch (IOException e) {
            throw new UncheckedIOException("not a Cutover key: " + e.getMessage(), e);
        }
    }

    static ChangeEvent event(Map<String, Object> key, byte[] value) {
        Map<String, Object> before = null;
        Map<String, Object> after = null;
        String op = null;
        long ts = 0;
        SourceInfo source = null;
        try (JsonParser p = EnvelopeCodec.MAPPER.createParser(value)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "an envelope object");
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                switch (f) {
                    case "before" -> before = t == JsonToken.VALUE_NULL ? null : row(p);
                    case "after" -> after = t == JsonToken.VALUE_NULL ? null : row(p);
                    case "op" -> op = p.getValueAsString();
                    case "ts_ms" -> ts = p.getValueAsLong();
                    case "source" -> source = source(p);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a Cutover envelope: " + e.getMessage(), e);
        }
        if (source == null) {
            source = new SourceInfo("", "", "", 0, 0, false);
        }
        return new ChangeEvent(key, before, after, Op.fromCode(op == null ? "" : op), ts, source);
    }

    private static SourceInfo source(JsonParser p) throws IOException {
        String connector = "", name = "", table = "";
        long seq = 0, ts = 0;
        boolean snapshot = false;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new SourceInfo(connector, name, table, seq, ts, snapshot);
        }
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            p.nextToken();
            switch (f) {
                case "connector" -> connector = p.getValueAsString("");
                case "name" -> name = p.getValueAsString("");
                case "table" -> table = p.getValueAsString("");
                case "seq" -> seq = p.getValueAsLong();
                case "ts_ms" -> ts = p.getValueAsLong();
                case "snapshot" -> snapshot = "true".equals(p.getValueAsString());
                default -> p.skipChildren();
            }
        }
        return new SourceInfo(connector, name, table, seq, ts, snapshot);
    }

    /** The parser is on START_OBJECT; leaves it on the matching END_OBJECT. */
    private static Map<String, Object> row(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "a row object");
        Map<String, Object> row = new LinkedHashMap<>();
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            p.nextToken();
            row.put(f, value(p));
        }
        return row;
    }

    private static Object value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case START_OBJECT:
                return tagged(p);
            default:
                throw new IllegalArgumentException("not a Cutover value: " + p.currentToken());
        }
    }

    private static Object tagged(JsonParser p) throws IOException {
        String tag = p.nextFieldName();
        JsonToken t = p.nextToken();
        String s = t == null || t.isStructStart() ? null : p.getValueAsString();
        if (tag == null || s == null || p.nextToken() != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("not a Cutover value: an object that is not a one-field tag");
        }
        return switch (tag) {
            case "$blob" -> Base64.getDecoder().decode(s);
            case "$text" -> new InvalidText(Base64.getDecoder().decode(s));
            case "$real" -> Double.valueOf(s);
            case "$numeric" -> new BigDecimal(s);
            case "$json" -> new JsonValue(s);
            default -> throw new IllegalArgumentException("not a Cutover value: unknown tag " + tag);
        };
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + what + ", found " + actual);
        }
    }
}
