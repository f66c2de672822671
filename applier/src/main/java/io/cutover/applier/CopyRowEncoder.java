package io.cutover.applier;

import io.cutover.core.schema.PgType;
import io.cutover.core.schema.PgValues;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Encodes rows in Postgres's COPY text format, converting each value exactly as {@link ValueBinder}
 * does (through {@link PgValues}), so a row written by COPY and one written by INSERT are equal.
 * A value the text format cannot carry exactly raises {@link NotEncodable}; the caller then writes
 * that batch with INSERT instead.
 */
final class CopyRowEncoder {
    /** A value this encoder will not write; the batch falls back to INSERT. */
    static final class NotEncodable extends RuntimeException {
        NotEncodable(String why) {
            super(why, null, false, false);
        }
    }

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'");
    private static final HexFormat HEX = HexFormat.of();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private final StringBuilder field = new StringBuilder(64);
    private int rows;

    /** Appends one row; {@code values} in the column order of the COPY statement. */
    void row(String[] columns, Object[] values, PgType[] types) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            Object v;
            try {
                v = PgValues.convert(values[i], types[i]);
            } catch (PgValues.Rejected e) {
                throw new RecordRejected(columns[i], "column " + columns[i] + ": " + e.getMessage(), e);
            }
            value(v, types[i]);
        }
        out.write('\n');
        rows++;
    }

    int rows() {
        return rows;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void value(Object v, PgType type) {
        if (v == null) {
            ascii("\\N");
            return;
        }
        switch (type) {
            case BIGINT, NUMERIC -> ascii(v instanceof BigDecimal d ? d.toString() : v.toString());
            case DOUBLE -> ascii(Double.toString((Double) v));
            case BOOLEAN -> out.write((Boolean) v ? 't' : 'f');
            case TIMESTAMPTZ -> timestamp((OffsetDateTime) v);
            case TEXT, JSONB -> text((String) v);
            case BYTEA -> {
                ascii("\\\\x");
                ascii(HEX.formatHex((byte[]) v));
            }
            default -> throw new NotEncodable("unhandled type " + type);
        }
    }

    private void timestamp(OffsetDateTime t) {
        OffsetDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC);
        // Years outside 1..9999 need Postgres's BC/extended forms; INSERT binds them as objects.
        if (utc.getYear() < 1 || utc.getYear() > 9999) {
            throw new NotEncodable("timestamp year " + utc.getYear());
        }
        ascii(TS.format(utc));
    }

    private void text(String s) {
        field.setLength(0);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> field.append("\\\\");
                case '\t' -> field.append("\\t");
                case '\n' -> field.append("\\n");
                case '\r' -> field.append("\\r");
                default -> {
                    // getBytes would turn a lone surrogate into '?' silently; let INSERT's driver decide.
                    if (Character.isSurrogate(ch) && !(Character.isHighSurrogate(ch) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))) {
                        if (!(Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                            throw new NotEncodable("a lone UTF-16 surrogate");
                        }
                    }
                    field.append(ch);
                }
            }
        }
        byte[] b = field.toString().getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }
}
