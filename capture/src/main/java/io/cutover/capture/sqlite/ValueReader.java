package io.cutover.capture.sqlite;

import io.cutover.core.event.InvalidText;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads column values by their storage class ({@code typeof}), without loss: INTEGER as
 * {@link Long}, REAL as {@link Double}, TEXT as {@link String} or {@link InvalidText} when its bytes
 * are not UTF-8, BLOB as {@code byte[]}, NULL as null. The declared type is ignored on purpose:
 * SQLite stores whatever the app wrote, and a driver that converts by declared type loses data.
 */
public final class ValueReader {
    private ValueReader() {
    }

    /**
     * The select list for {@code cols}: two result columns per column, its storage class and its
     * value, TEXT read as its raw bytes so that invalid UTF-8 survives.
     */
    public static String selectList(List<String> cols) {
        StringBuilder sb = new StringBuilder();
        for (String c : cols) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            String q = Sql.id(c);
            sb.append("typeof(").append(q).append("), CASE typeof(").append(q)
                    .append(") WHEN 'text' THEN CAST(").append(q).append(" AS BLOB) ELSE ").append(q).append(" END");
        }
        return sb.toString();
    }

    /** Reads the pairs written by {@link #selectList} starting at 1-based result column {@code first}. */
    public static Map<String, Object> readRow(ResultSet rs, int first, List<String> cols) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        int i = first;
        for (String c : cols) {
            row.put(c, value(rs.getString(i), rs, i + 1));
            i += 2;
        }
        return row;
    }

    /** Reads one value whose storage class is {@code typeof}. */
    public static Object value(String typeof, ResultSet rs, int idx) throws SQLException {
        switch (typeof) {
            case "integer": return rs.getLong(idx);
            case "real": return rs.getDouble(idx);
            case "text": return decodeText(bytes(rs, idx));
            case "blob": return bytes(rs, idx);
            case "null": return null;
            default: throw new SQLException("unknown SQLite storage class '" + typeof + "'");
        }
    }

    private static byte[] bytes(ResultSet rs, int idx) throws SQLException {
        byte[] b = rs.getBytes(idx);
        return b == null ? new byte[0] : b; // the driver reports a zero-length blob as null
    }

    /** Strict UTF-8: malformed text becomes {@link InvalidText}, never U+FFFD replacement. */
    public static Object decodeText(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return d.decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new InvalidText(b);
        }
    }
}
