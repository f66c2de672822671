package io.cutover.capture.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cutover.core.event.JsonValue;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads data files losslessly and turns JSON values into the values events carry: integers as
 * {@link Long} (or {@link java.math.BigInteger} beyond 64 bits), floats as {@link Double} when the
 * double holds exactly the written number and as {@link BigDecimal} otherwise, strings, booleans,
 * null, and nested objects/arrays as {@link JsonValue} (jsonb).
 */
final class JsonValues {
    /** Floats are parsed as BigDecimal so that no digit is lost before we decide the type. */
    static final ObjectMapper READER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonValues() {
    }

    /** Parses a whole file; any syntax error (a partial write) throws. */
    static JsonNode parse(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            throw new IOException("the file is empty (truncated, or being written)");
        }
        JsonNode n = READER.readTree(bytes);
        if (n == null || n.isMissingNode()) {
            throw new IOException("the file holds no JSON value");
        }
        return n;
    }

    static Object value(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            BigDecimal bd = n.decimalValue();
            double d = bd.doubleValue();
            if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(bd) == 0) {
                return d;
            }
            return bd;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return new JsonValue(n.toString());
    }
}
