package io.cutover.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.schema.PgType;
import io.cutover.core.schema.PgValues;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * One canonical form for a value of a Postgres column, reached from both sides: a source value goes
 * through {@link PgValues#convert} (exactly what the applier binds), a Postgres value is read by its
 * type. Equal data then has equal canonical values ({@link Object#equals}): doubles compare by bits
 * (the last digit and -0.0 count, NaN equals NaN), numerics by value, timestamps at Postgres's
 * microsecond precision, bytes by content, jsonb semantically (parsed; key order does not matter,
 * numbers by value), and NULL is never equal to ''.
 */
public final class Canonical {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bytes with value equality and unsigned lexicographic order (Postgres bytea and SQLite BLOB order). */
    public record Bytes(byte[] b) implements Comparable<Bytes> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(b, other.b);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(b);
        }

        @Override
        public int compareTo(Bytes o) {
            return Arrays.compareUnsigned(b, o.b);
        }

        @Override
        public String toString() {
            return "\\x" + HexFormat.of().formatHex(b);
        }
    }

    /** A parsed jsonb value; equal when semantically equal. */
    public record Json(JsonNode node) {
        private static final Comparator<JsonNode> NUMBERS = (a, b) -> {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return a.equals(b) ? 0 : 1;
        };

        @Override
        public boolean equals(Object o) {
            return o instanceof Json other && node.equals(NUMBERS, other.node);
        }

        @Override
        public int hashCode() {
            return node.isContainerNode() ? node.size() : node.asText().hashCode();
        }

        @Override
        public String toString() {
            return node.toString();
        }
    }

    /**
     * A source value the column cannot hold (the applier dead-letters it). {@link RowComparator}
     * never finds it equal to a Postgres value; two of them with one reason are equal, so that a
     * recheck can tell that the source did not change.
     */
    public record Unrepresentable(String why) {
    }

    private Canonical() {
    }

    /** The canonical form of a source value as a column of {@code type} would hold it. */
    public static Object ofSource(Object v, PgType type) {
        Object pg;
        try {
            pg = PgValues.convert(v, type);
        } catch (PgValues.Rejected e) {
            return new Unrepresentable(e.getMessage());
        }
        if (pg == null) {
            return null;
        }
        return switch (type) {
            case NUMERIC -> normal((BigDecimal) pg);
            case TIMESTAMPTZ -> micros(((OffsetDateTime) pg).toInstant());
            case BYTEA -> new Bytes((byte[]) pg);
            case JSONB -> json((String) pg);
            default -> pg; // Long, Double, Boolean, String: already canonical
        };
    }

    /** Reads the canonical form of result column {@code i}, a column of {@code type}. */
    public static Object ofTarget(ResultSet rs, int i, PgType type) throws SQLException {
        Object v = switch (type) {
            case BIGINT -> rs.getLong(i);
            case DOUBLE -> rs.getDouble(i);
            case NUMERIC -> rs.getBigDecimal(i);
            case BOOLEAN -> rs.getBoolean(i);
            case TIMESTAMPTZ -> rs.getObject(i, OffsetDateTime.class);
            case TEXT, JSONB -> rs.getString(i);
            case BYTEA -> rs.getBytes(i);
        };
        if (rs.wasNull() || v == null) {
            return null;
        }
        return switch (type) {
            case NUMERIC -> normal((BigDecimal) v);
            case TIMESTAMPTZ -> micros(((OffsetDateTime) v).toInstant());
            case BYTEA -> new Bytes((byte[]) v);
            case JSONB -> json((String) v);
            default -> v;
        };
    }

    /** jsonb text parsed; text that does not parse stays unrepresentable. */
    public static Object json(String s) {
        try {
            return new Json(JSON.readTree(s));
        } catch (IOException e) {
            return new Unrepresentable("not JSON: " + e.getMessage());
        }
    }

    private static BigDecimal normal(BigDecimal d) {
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    /** Postgres keeps microseconds, rounding half up; so does the JDBC driver when it sends nanoseconds. */
    static Instant micros(Instant i) {
        return i.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }
}
