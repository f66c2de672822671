package io.cutover.reconciler;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Compares two canonical rows of one table; names the columns that differ. */
public final class RowComparator {
    private RowComparator() {
    }

    /** The differing columns of two rows of {@code t} (empty when the rows are equal). */
    public static List<String> differingColumns(MappedTable t, Row source, Row target) {
        List<String> cols = t.columns();
        List<String> out = new ArrayList<>(0);
        for (int i = 0; i < cols.size(); i++) {
            Object a = source.values().get(i);
            if (a instanceof Canonical.Unrepresentable || !Objects.equals(a, target.values().get(i))) {
                out.add(cols.get(i));
            }
        }
        return out;
    }

    /**
     * The difference between the two sides of one key, or null when equal. Either row may be null
     * (absent on that side), not both.
     */
    public static Difference compare(MappedTable t, Row source, Row target) {
        if (source == null) {
            return new Difference(t, Difference.Kind.EXTRA, target.key(), List.of(), sourceKeyOf(target.key()), null);
        }
        if (target == null) {
            return new Difference(t, Difference.Kind.MISSING, source.key(), List.of(), source.sourceKey(), source.values());
        }
        List<String> cols = differingColumns(t, source, target);
        return cols.isEmpty() ? null
                : new Difference(t, Difference.Kind.DIFFERENT, source.key(), cols, source.sourceKey(), source.values());
    }

    /** The source-typed key for a row only Postgres has (as capture would type it from the changelog). */
    static List<Object> sourceKeyOf(List<Object> canonicalKey) {
        List<Object> out = new ArrayList<>(canonicalKey.size());
        for (Object v : canonicalKey) {
            if (v instanceof Canonical.Bytes b) out.add(b.b());
            else if (v instanceof Boolean bool) out.add(bool ? 1L : 0L);
            else if (v instanceof java.math.BigDecimal d) out.add(d.toPlainString());
            else if (v instanceof Canonical.Json j) out.add(j.node().toString());
            else if (v instanceof java.time.Instant i) out.add(i.toString());
            else out.add(v);
        }
        return out;
    }
}
