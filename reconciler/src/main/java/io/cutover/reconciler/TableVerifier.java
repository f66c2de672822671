package io.cutover.reconciler;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares one table: a full pass streams both sides in key order and merges them in one pass (no
 * row is held longer than needed), or checks given keys one by one. When a side does not come in
 * {@link KeyOrder} (a key column holding several storage classes orders differently in SQLite and
 * Postgres), the full pass starts over sorting both sides in memory.
 */
public final class TableVerifier {
    /** Result of one full pass of one table. */
    public record Pass(long compared, List<Difference> differences) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TableVerifier.class);
    private final SourceRows source;
    private final TargetRowReader target;

    public TableVerifier(SourceRows source, TargetRowReader target) {
        this.source = source;
        this.target = target;
    }

    public Pass fullPass(MappedTable t) throws SQLException {
        try (RowCursor s = new Prefetching(source.scan(t), 1000); RowCursor p = target.scan(t)) {
            return merge(t, s, p, true);
        } catch (OutOfOrder e) {
            LOG.debug("{}: the sides order its keys differently; comparing it sorted in memory", t.label());
            try (RowCursor s = source.scan(t); RowCursor p = target.scan(t)) {
                return merge(t, sorted(s), sorted(p), false);
            }
        }
    }

    /** The current difference for one key, if any. */
    public Optional<Difference> check(MappedTable t, List<Object> key, List<Object> sourceKey) throws SQLException {
        Row s = source.find(t, sourceKey).orElse(null);
        Row p = target.find(t, s != null ? s.key() : key).orElse(null);
        if (s == null && p == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(RowComparator.compare(t, s, p));
    }

    private static Pass merge(MappedTable t, RowCursor sc, RowCursor pc, boolean strict) throws SQLException {
        Ordered s = new Ordered(sc, strict);
        Ordered p = new Ordered(pc, strict);
        Row a = s.next();
        Row b = p.next();
        long n = 0;
        List<Difference> diffs = new ArrayList<>();
        while (a != null || b != null) {
            int c = a == null ? 1 : b == null ? -1 : KeyOrder.INSTANCE.compare(a.key(), b.key());
            Difference d;
            if (c == 0) {
                d = RowComparator.compare(t, a, b);
                a = s.next();
                b = p.next();
            } else if (c < 0) {
                d = RowComparator.compare(t, a, null);
                a = s.next();
            } else {
                d = RowComparator.compare(t, null, b);
                b = p.next();
            }
            n++;
            if (d != null) {
                diffs.add(d);
            }
        }
        return new Pass(n, diffs);
    }

    private static RowCursor sorted(RowCursor c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        for (Row r = c.next(); r != null; r = c.next()) {
            rows.add(r);
        }
        return new ListCursor(rows);
    }

    /** A cursor that insists on strictly increasing keys (when strict: the database's order must be ours). */
    private static final class Ordered {
        private final RowCursor c;
        private final boolean strict;
        private Row last;

        Ordered(RowCursor c, boolean strict) {
            this.c = c;
            this.strict = strict;
        }

        Row next() throws SQLException {
            Row r = c.next();
            if (strict && r != null && last != null && KeyOrder.INSTANCE.compare(last.key(), r.key()) >= 0) {
                throw new OutOfOrder();
            }
            last = r;
            return r;
        }
    }

    private static final class OutOfOrder extends RuntimeException {
        OutOfOrder() {
            super(null, null, false, false);
        }
    }
}
