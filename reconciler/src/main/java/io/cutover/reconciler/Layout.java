package io.cutover.reconciler;

import io.cutover.core.schema.PgType;

import java.util.List;

/**
 * A table's compared columns resolved once per read (names, types, where the key columns are), so
 * that reading a row does no lookups by name.
 */
final class Layout {
    final List<String> columns;
    final PgType[] types;
    final int[] keyIndex;

    Layout(MappedTable t) {
        columns = t.columns();
        types = columns.stream().map(t::type).toArray(PgType[]::new);
        keyIndex = t.keyColumns().stream().mapToInt(columns::indexOf).toArray();
    }
}
