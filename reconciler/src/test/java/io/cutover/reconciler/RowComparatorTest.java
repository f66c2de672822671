package io.cutover.reconciler;

import io.cutover.core.schema.ColumnProfile;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.PgType;
import io.cutover.core.schema.TableSchema;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RowComparatorTest {

    static MappedTable table() {
        TableSchema s = new TableSchema("sqlite", "app", "t", List.of(
                new ColumnSchema("id", "INTEGER", true, null, 1, ColumnProfile.empty()),
                new ColumnSchema("name", "TEXT", false, null, 0, ColumnProfile.empty()),
                new ColumnSchema("score", "REAL", false, null, 0, ColumnProfile.empty())),
                List.of("id"), false, "id", List.of(), List.of());
        return new MappedTable("app", "cutover.app.t", "public", "t", s,
                Map.of("id", PgType.BIGINT, "name", PgType.TEXT, "score", PgType.DOUBLE));
    }

    static Row row(Object... values) {
        return new Row(List.of(values[0]), Arrays.asList(values), List.of(values[0]));
    }

    @Test
    void namesEveryDifferingColumnAndTheKind() {
        MappedTable t = table();
        assertThat(RowComparator.compare(t, row(1L, "a", 1.5), row(1L, "a", 1.5))).isNull();
        Difference d = RowComparator.compare(t, row(1L, "", 1.5), row(1L, null, Math.nextUp(1.5)));
        assertThat(d.kind()).isEqualTo(Difference.Kind.DIFFERENT);
        assertThat(d.columns()).containsExactly("name", "score");
        assertThat(RowComparator.compare(t, row(2L, "x", null), null).kind()).isEqualTo(Difference.Kind.MISSING);
        Difference extra = RowComparator.compare(t, null, row(3L, "x", null));
        assertThat(extra.kind()).isEqualTo(Difference.Kind.EXTRA);
        assertThat(extra.sourceKey()).containsExactly(3L);
        assertThat(extra.keyMap()).containsEntry("id", 3L);
    }

    @Test
    void compareOrderUsesTheCanonicalKey() {
        MappedTable t = table();
        assertThat(t.columns()).containsExactly("id", "name", "score");
        assertThat(ReconcileResultStore.keyJson(RowComparator.compare(t, null,
                new Row(List.of(new Canonical.Bytes(new byte[]{1, 2})), Arrays.asList(1L, null, null), null))))
                .isEqualTo("{\"id\":\"\\\\x0102\"}");
    }
}
