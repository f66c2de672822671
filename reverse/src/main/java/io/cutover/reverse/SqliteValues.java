package io.cutover.reverse;

import io.cutover.core.schema.TableSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Debezium's Postgres values (Connect types) as the SQLite storage classes the source holds: what
 * the reverse topics carry, so the write-back binds them as they are. The forward mapping
 * ({@code PgTypeMapping}) is undone: boolean to 0/1, timestamptz to SQLite's {@code datetime()} text
 * in UTC, jsonb to its text, numeric to an INTEGER or REAL when that holds it exactly (else its text),
 * bytea to a BLOB. The reconciler converts these back exactly as it converts the source's own values.
 */
public final class SqliteValues {
    private static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SqliteValues() {
    }

    /** A struct's fields as column name to SQLite value, in column order; {@code _rowid} kept as it is. */
    public static Map<String, Object> row(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : s.schema().fields()) {
            out.put(f.name(), value(f.schema(), s.get(f)));
        }
        return out;
    }

    static Object value(Schema schema, Object v) {
        if (v == null) {
            return null;
        }
        String name = schema.name();
        if ("io.debezium.time.ZonedTimestamp".equals(name)) {
            return timestamp(OffsetDateTime.parse((String) v).toInstant());
        }
        if ("io.debezium.data.VariableScaleDecimal".equals(name) && v instanceof Struct s) {
            return number(new BigDecimal(new java.math.BigInteger(s.getBytes("value")), s.getInt32("scale")));
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return number(d);
        }
        if (v instanceof ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
        if (v instanceof byte[]) {
            return v;
        }
        return v.toString(); // text, and jsonb as its JSON text
    }

    static Object number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0 && s.precision() - s.scale() <= 18) {
            return s.longValueExact();
        }
        double dbl = d.doubleValue();
        if (Double.isFinite(dbl) && new BigDecimal(dbl).compareTo(d) == 0) {
            return dbl;
        }
        return d.toPlainString();
    }

    /** SQLite's {@code datetime()} form, with a fraction only when there is one; no zone means UTC. */
    static String timestamp(Instant i) {
        var t = i.atOffset(ZoneOffset.UTC);
        String base = SQLITE_TIME.format(t);
        if (t.getNano() == 0) {
            return base;
        }
        String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return base + "." + frac;
    }

    /** The SQLite column a Postgres column is written to: {@code _rowid} stands for the rowid. */
    static String column(TableSchema schema, String pgColumn) {
        return schema.usesRowid() && TableSchema.ROWID.equals(pgColumn) ? "_rowid_" : pgColumn;
    }
}
