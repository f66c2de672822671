package io.cutover.applier;

import io.cutover.core.schema.PgType;
import io.cutover.core.schema.PgValues;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binds a source value to a statement parameter for a column of a given Postgres type. */
final class ValueBinder {
    private ValueBinder() {
    }

    static void bind(PreparedStatement ps, int i, String column, Object value, PgType type) throws SQLException {
        Object v;
        try {
            v = PgValues.convert(value, type);
        } catch (PgValues.Rejected e) {
            throw new RecordRejected(column, "column " + column + ": " + e.getMessage(), e);
        }
        if (v == null) {
            ps.setNull(i, sqlType(type));
            return;
        }
        switch (type) {
            case BIGINT -> ps.setLong(i, (Long) v);
            case DOUBLE -> ps.setDouble(i, (Double) v);
            case NUMERIC -> ps.setBigDecimal(i, (BigDecimal) v);
            case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
            case TIMESTAMPTZ -> ps.setObject(i, v);
            case TEXT -> ps.setString(i, (String) v);
            case BYTEA -> ps.setBytes(i, (byte[]) v);
            case JSONB -> {
                PGobject o = new PGobject();
                o.setType("jsonb");
                o.setValue((String) v);
                ps.setObject(i, o);
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static int sqlType(PgType t) {
        return switch (t) {
            case BIGINT -> Types.BIGINT;
            case DOUBLE -> Types.DOUBLE;
            case NUMERIC -> Types.NUMERIC;
            case BOOLEAN -> Types.BOOLEAN;
            case TIMESTAMPTZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case TEXT -> Types.VARCHAR;
            case BYTEA -> Types.BINARY;
            case JSONB -> Types.OTHER;
        };
    }
}
