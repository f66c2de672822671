package io.cutover.reconciler;

import io.cutover.core.event.JsonValue;
import io.cutover.core.schema.PgType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison rules: what the applier writes and what Postgres returns meet in one form. */
class CanonicalTest {

    @Test
    void aRealDiffersInItsLastDigitAndNegativeZeroIsNotZero() {
        double x = 0.1 + 0.2;
        assertThat(Canonical.ofSource(x, PgType.DOUBLE)).isNotEqualTo(Canonical.ofSource(Math.nextUp(x), PgType.DOUBLE));
        assertThat(Canonical.ofSource(x, PgType.DOUBLE)).isEqualTo(Canonical.ofSource(0.30000000000000004, PgType.DOUBLE));
        assertThat(Canonical.ofSource(-0.0, PgType.DOUBLE)).isNotEqualTo(Canonical.ofSource(0.0, PgType.DOUBLE));
        assertThat(Canonical.ofSource(Double.NaN, PgType.DOUBLE)).isEqualTo(Canonical.ofSource(Double.NaN, PgType.DOUBLE));
    }

    @Test
    void nullIsNotTheEmptyString() {
        assertThat(Canonical.ofSource(null, PgType.TEXT)).isNull();
        assertThat(Canonical.ofSource("", PgType.TEXT)).isEqualTo("").isNotNull();
    }

    @Test
    void aRealInATextColumnIsComparedAsPostgresPrintsIt() {
        assertThat(Canonical.ofSource(1e300, PgType.TEXT)).isEqualTo("1e+300");
        assertThat(Canonical.ofSource(1.5, PgType.TEXT)).isEqualTo("1.5");
    }

    @Test
    void bytesCompareByContentAndOneFlippedBitDiffers() {
        Object a = Canonical.ofSource(new byte[]{0, (byte) 0xff}, PgType.BYTEA);
        assertThat(a).isEqualTo(Canonical.ofSource(new byte[]{0, (byte) 0xff}, PgType.BYTEA));
        assertThat(a).isNotEqualTo(Canonical.ofSource(new byte[]{0, (byte) 0xfe}, PgType.BYTEA));
        // Text stored next to BLOBs lands in bytea as its UTF-8 bytes.
        assertThat(Canonical.ofSource("é", PgType.BYTEA)).isEqualTo(new Canonical.Bytes(new byte[]{(byte) 0xc3, (byte) 0xa9}));
    }

    @Test
    void timestampsCompareAsInstantsAtMicrosecondsAndOneSecondDiffers() {
        Object text = Canonical.ofSource("2024-01-02 03:04:05", PgType.TIMESTAMPTZ);
        assertThat(text).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(Canonical.ofSource("2024-01-02T04:04:05+01:00", PgType.TIMESTAMPTZ)).isEqualTo(text);
        assertThat(Canonical.ofSource(1_704_164_645L, PgType.TIMESTAMPTZ)).isEqualTo(text);
        assertThat(Canonical.ofSource("2024-01-02 03:04:06", PgType.TIMESTAMPTZ)).isNotEqualTo(text);
        assertThat(Canonical.micros(Instant.parse("2024-01-02T03:04:05.0000015Z")))
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.000002Z"));
    }

    @Test
    void jsonComparesParsedSoKeyOrderAndNumberSpellingDoNotMatter() {
        Object a = Canonical.ofSource(new JsonValue("{\"a\":1,\"b\":[true,null,1.50]}"), PgType.JSONB);
        assertThat(a).isEqualTo(Canonical.json("{\"b\": [true, null, 1.5], \"a\": 1}"));
        assertThat(a).isEqualTo(Canonical.json("{\"b\": [true, null, 15e-1], \"a\": 1.0}"));
        assertThat(a).isNotEqualTo(Canonical.json("{\"a\":1,\"b\":[true,null,1.51]}"));
        assertThat(a).isNotEqualTo(Canonical.json("{\"a\":1,\"b\":[null,true,1.5]}")); // array order matters
    }

    @Test
    void numericsCompareByValue() {
        assertThat(Canonical.ofSource(new BigDecimal("1.50"), PgType.NUMERIC)).isEqualTo(Canonical.ofSource(1.5, PgType.NUMERIC));
        assertThat(Canonical.ofSource(0L, PgType.NUMERIC)).isEqualTo(Canonical.ofSource(new BigDecimal("0.000"), PgType.NUMERIC));
    }

    @Test
    void aValueTheColumnCannotHoldNeverComparesEqual() {
        Object bad = Canonical.ofSource("a\0b", PgType.TEXT);
        assertThat(bad).isInstanceOf(Canonical.Unrepresentable.class);
        MappedTable t = RowComparatorTest.table();
        Row source = new Row(List.of(1L), java.util.Arrays.asList(1L, bad, null), List.of(1L));
        Row target = new Row(List.of(1L), java.util.Arrays.asList(1L, bad, null), null);
        assertThat(RowComparator.differingColumns(t, source, target)).containsExactly("name");
    }

    @Test
    void textOrdersByUtf8BytesLikeSqliteBinaryAndPostgresC() {
        List<String> words = new ArrayList<>(List.of("b", "a", "B", "\uFFFD", "\uD834\uDD1E", "é", "", "ab"));
        words.sort(KeyOrder::codePoints);
        assertThat(words).containsExactly("", "B", "a", "ab", "b", "é", "\uFFFD", "\uD834\uDD1E");
        assertThat(KeyOrder.INSTANCE.compare(List.of(2L), List.of(10L))).isNegative();
        assertThat(KeyOrder.value(new Canonical.Bytes(new byte[]{(byte) 0x80}), new Canonical.Bytes(new byte[]{1}))).isPositive();
        assertThat(KeyOrder.value(null, 1L)).isNegative();
    }
}
