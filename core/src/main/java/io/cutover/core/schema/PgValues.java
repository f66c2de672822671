package io.cutover.core.schema;

import io.cutover.core.event.InvalidText;
import io.cutover.core.event.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Converts a source value to the Java value the Postgres driver binds for a column of a given type.
 * Applier and reconciler both use it, so that what is written and what is compared agree. A value
 * the column cannot hold raises {@link Rejected} naming why; the applier dead-letters that record.
 */
public final class PgValues {
    private PgValues() {
    }

    /** A value that a column of this type cannot take without loss. */
    public static final class Rejected extends IllegalArgumentException {
        public Rejected(String message) {
            super(message);
        }
    }

    public static Object convert(Object v, PgType type) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case BIGINT -> bigint(v);
            case DOUBLE -> dbl(v);
            case NUMERIC -> numeric(v);
            case BOOLEAN -> bool(v);
            case TIMESTAMPTZ -> TimestampRule.parse(v).map(i -> OffsetDateTime.ofInstant(i, ZoneOffset.UTC))
                    .orElseThrow(() -> new Rejected("'" + v + "' is not a timestamp by the documented rule"));
            case TEXT -> text(v);
            case BYTEA -> bytes(v);
            case JSONB -> json(v);
        };
    }

    private static Object bigint(Object v) {
        if (v instanceof Long || v instanceof Integer) return ((Number) v).longValue();
        if (v instanceof Boolean b) return b ? 1L : 0L;
        throw new Rejected("a " + kind(v) + " value does not fit a bigint column");
    }

    private static Object dbl(Object v) {
        if (v instanceof Double d) return d;
        if (v instanceof Long l) {
            // Beyond 2^53 a double cannot hold every integer: refuse rather than round silently.
            if ((long) (double) l != l || l == Long.MAX_VALUE) {
                throw new Rejected(l + " cannot be stored exactly in a double precision column (it mixes INTEGER "
                        + "and REAL values); set postgres.column-types for it to numeric to keep every value");
            }
            return (double) l;
        }
        throw new Rejected("a " + kind(v) + " value does not fit a double precision column");
    }

    private static Object numeric(Object v) {
        if (v instanceof BigDecimal d) return d;
        if (v instanceof Long l) return BigDecimal.valueOf(l);
        if (v instanceof BigInteger i) return new BigDecimal(i);
        if (v instanceof Double d && Double.isFinite(d)) return new BigDecimal(Double.toString(d));
        throw new Rejected("a " + kind(v) + " value does not fit a numeric column");
    }

    private static Object bool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Long l && (l == 0 || l == 1)) return l == 1;
        throw new Rejected("'" + v + "' is not a boolean (0 or 1)");
    }

    private static Object text(Object v) {
        String s;
        if (v instanceof String str) s = str;
        else if (v instanceof InvalidText) throw new Rejected("TEXT whose bytes are not valid UTF-8 cannot be "
                + "stored in a text column (map the column to bytea to keep the bytes)");
        else if (v instanceof byte[]) throw new Rejected("a BLOB does not fit a text column");
        else if (v instanceof JsonValue j) s = j.json();
        else if (v instanceof BigDecimal d) s = d.toPlainString();
        else if (v instanceof Double d) s = PgFloatText.format(d);
        else s = v.toString();
        if (s.indexOf('\0') >= 0) {
            throw new Rejected("text with a NUL character cannot be stored in Postgres text (map the column to bytea)");
        }
        return s;
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[] b) return b;
        if (v instanceof InvalidText t) return t.bytes();
        // A NUL is a byte like any other in bytea: the column is mapped to bytea precisely to keep it.
        if (v instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        return text(v).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** jsonb text; scalars become JSON scalars. */
    private static String json(Object v) {
        if (v instanceof JsonValue j) return j.json();
        if (v instanceof Boolean || v instanceof Long || v instanceof BigDecimal) return v.toString();
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) throw new Rejected("JSON cannot hold " + d);
            return d.toString();
        }
        if (v instanceof byte[] b) return "\"" + Base64.getEncoder().encodeToString(b) + "\"";
        String s = (String) text(v);
        try {
            return io.cutover.core.event.EnvelopeCodec.MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Rejected(e.getMessage());
        }
    }

    private static String kind(Object v) {
        return ValueProfiler.classify(v).name();
    }
}
