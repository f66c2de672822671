package io.cutover.reconciler;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The order both sides are merged in: canonical key values column by column, NULL first, numbers by
 * value, text by code point (the order of its UTF-8 bytes, which is SQLite's BINARY collation and
 * Postgres's "C" collation), bytes unsigned. Both readers ask their database for this order; a
 * stream that breaks it is detected by the verifier, which then sorts in memory instead.
 */
public final class KeyOrder implements Comparator<List<Object>> {
    public static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = value(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int value(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        if (a instanceof String s) {
            return codePoints(s, (String) b);
        }
        if (a instanceof Long l && b instanceof Double d) {
            return new BigDecimal(l).compareTo(new BigDecimal(d));
        }
        if (a instanceof Double d && b instanceof Long l) {
            return new BigDecimal(d).compareTo(new BigDecimal(l));
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    private static int rank(Object v) {
        if (v instanceof Boolean) return 0;
        if (v instanceof Long || v instanceof Double || v instanceof BigDecimal) return 1;
        if (v instanceof Instant) return 2;
        if (v instanceof String) return 3;
        if (v instanceof Canonical.Bytes) return 4;
        return 5;
    }

    /** String order by code point: equal to the order of the strings' UTF-8 bytes. */
    static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
