package io.cutover.capture.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.InvalidText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The changelog's key format, written by the triggers in SQL and read back here: a flat JSON array
 * of (storage class, text) pairs, one pair per key column, e.g. {@code ["integer","7","text","6162"]}.
 * Every value is text so that the trigger can never fail and nothing is lost: integers in decimal,
 * REALs with 17 significant digits (round-trips a double), TEXT and BLOB as hex of their bytes.
 */
public final class KeyCodec {
    private static final HexFormat HEX = HexFormat.of();

    private KeyCodec() {
    }

    /**
     * SQL expression for the key of row {@code ref} (NEW or OLD) over {@code keyCols}. Built by
     * concatenation from core functions (typeof, CAST, printf, hex) rather than json_array: the
     * trigger runs inside the app's SQLite library, which may be built without JSON functions, and
     * a trigger that fails would fail the app's write. Every piece is digits, letters or hex, so the
     * result is valid JSON without escaping.
     */
    public static String sqlExpr(String ref, List<String> keyCols, boolean rowid) {
        if (rowid) {
            return "'[\"integer\",\"' || CAST(" + ref + "._rowid_ AS TEXT) || '\"]'";
        }
        StringBuilder sb = new StringBuilder("'[' || ");
        for (int i = 0; i < keyCols.size(); i++) {
            String v = ref + "." + Sql.id(keyCols.get(i));
            if (i > 0) {
                sb.append(" || ',' || ");
            }
            sb.append("'\"' || typeof(").append(v).append(") || '\",' || CASE typeof(").append(v)
                    .append(") WHEN 'null' THEN 'null' WHEN 'integer' THEN '\"' || CAST(").append(v)
                    .append(" AS TEXT) || '\"' WHEN 'real' THEN '\"' || printf('%!.17g', ").append(v)
                    .append(") || '\"' ELSE '\"' || hex(").append(v).append(") || '\"' END");
        }
        return sb.append(" || ']'").toString();
    }

    /** Decodes a changelog key into typed values in key order. */
    public static List<Object> decode(String json) {
        JsonNode arr;
        try {
            arr = EnvelopeCodec.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("bad changelog key " + json, e);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i + 1 < arr.size(); i += 2) {
            String type = arr.get(i).asText();
            JsonNode v = arr.get(i + 1);
            switch (type) {
                case "integer" -> out.add(Long.parseLong(v.asText()));
                case "real" -> out.add(real(v.asText()));
                case "text" -> out.add(ValueReader.decodeText(HEX.parseHex(v.asText())));
                case "blob" -> out.add(HEX.parseHex(v.asText()));
                default -> out.add(null);
            }
        }
        return out;
    }

    /** SQLite's printf writes infinities as Inf and -Inf. */
    private static double real(String s) {
        return switch (s) {
            case "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** The placeholder for binding {@code v}: text is bound as bytes and cast, so invalid UTF-8 survives. */
    public static String placeholder(Object v) {
        return (v instanceof String || v instanceof InvalidText) ? "CAST(? AS TEXT)" : "?";
    }

    /** Binds a typed key value at {@code idx} to match {@link #placeholder}. */
    public static void bind(PreparedStatement ps, int idx, Object v) throws SQLException {
        if (v instanceof String s) {
            ps.setBytes(idx, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof InvalidText t) {
            ps.setBytes(idx, t.bytes());
        } else if (v instanceof Long l) {
            ps.setLong(idx, l);
        } else if (v instanceof Double d) {
            ps.setDouble(idx, d);
        } else if (v instanceof byte[] b) {
            ps.setBytes(idx, b);
        } else {
            ps.setNull(idx, java.sql.Types.NULL);
        }
    }
}
