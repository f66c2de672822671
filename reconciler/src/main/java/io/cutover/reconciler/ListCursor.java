package io.cutover.reconciler;

import java.util.Iterator;
import java.util.List;

/** Rows already in memory, sorted into {@link KeyOrder}, as a cursor. */
final class ListCursor implements RowCursor {
    private final Iterator<Row> it;

    ListCursor(List<Row> rows) {
        rows.sort((x, y) -> KeyOrder.INSTANCE.compare(x.key(), y.key()));
        this.it = rows.iterator();
    }

    @Override
    public Row next() {
        return it.hasNext() ? it.next() : null;
    }

    @Override
    public void close() {
    }
}
