package io.cutover.core.schema;

import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PgTypeMappingTest {

    private static PgType map(String declared, Object... values) {
        ColumnProfile p = Stream.of(values).map(ValueProfiler::of).reduce(ColumnProfile.empty(), ColumnProfile::merge);
        return PgTypeMapping.targetType(new ColumnSchema("c", declared, false, null, 0, p), null);
    }

    @Test
    void mapsByStoredValuesNotOnlyByDeclaration() {
        assertThat(map("INTEGER", 1L, 2L)).isEqualTo(PgType.BIGINT);
        assertThat(map("INTEGER", 1L, "not a number")).isEqualTo(PgType.TEXT);
        assertThat(map("TEXT", "a", new byte[]{1})).isEqualTo(PgType.BYTEA);
        assertThat(map("REAL", 1.5, 2L)).isEqualTo(PgType.DOUBLE);
        assertThat(map("DECIMAL(10,2)", 1.5, 2L)).isEqualTo(PgType.NUMERIC);
        assertThat(map("BOOLEAN", 0L, 1L)).isEqualTo(PgType.BOOLEAN);
        assertThat(map("BOOLEAN", 0L, 2L)).isEqualTo(PgType.BIGINT);
        assertThat(map("DATETIME", "2024-01-02 03:04:05", 1700000000L)).isEqualTo(PgType.TIMESTAMPTZ);
        assertThat(map("DATETIME", "2024-01-02 03:04:05", "yesterday")).isEqualTo(PgType.TEXT);
        assertThat(map("", (Object) null)).isEqualTo(PgType.TEXT);
        assertThat(map("", true, false)).isEqualTo(PgType.BOOLEAN);
    }

    @Test
    void extremeIntegersAreNotTimestampsInsteadOfCrashingTheProfiler() {
        assertThat(TimestampRule.parse(Long.MAX_VALUE)).isEmpty();
        assertThat(TimestampRule.parse(Long.MIN_VALUE)).isEmpty();
        assertThat(map("DATETIME", Long.MAX_VALUE)).isEqualTo(PgType.BIGINT);
        assertThat(TimestampRule.parse(1_700_000_000L)).isPresent();
        assertThat(TimestampRule.parse(1_700_000_000_000L)).isPresent();
    }

    @Test
    void realsInTextColumnsAreWrittenAsPostgresRendersFloat8SoWideningAgreesWithNewRows() {
        // Expected values are what Postgres 15 prints for v::float8::text.
        String[][] cases = {{"1500", "1500"}, {"1.5", "1.5"}, {"1e300", "1e+300"}, {"1.5e-7", "1.5e-07"},
                {"0.0001", "0.0001"}, {"0.00001", "1e-05"}, {"123456789012345", "123456789012345"},
                {"1234567890123456", "1.234567890123456e+15"}, {"-0", "-0"}, {"0.1", "0.1"}, {"1e15", "1e+15"},
                {"12345.678", "12345.678"}, {"2.5e-5", "2.5e-05"}, {"-1e-300", "-1e-300"}};
        for (String[] c : cases) {
            assertThat(PgFloatText.format(Double.parseDouble(c[0]))).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(PgValues.convert(1500.0, PgType.TEXT)).isEqualTo("1500");
    }

    @Test
    void anIntegerADoubleCannotHoldIsRejectedNotRounded() {
        assertThat(PgValues.convert(1L << 53, PgType.DOUBLE)).isEqualTo(9007199254740992.0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PgValues.convert((1L << 53) + 1, PgType.DOUBLE))
                .isInstanceOf(PgValues.Rejected.class).hasMessageContaining("numeric");
    }

    @Test
    void emptyColumnsFollowDeclaredAffinity() {
        assertThat(map("BIGINT")).isEqualTo(PgType.BIGINT);
        assertThat(map("DOUBLE")).isEqualTo(PgType.DOUBLE);
        assertThat(map("DATETIME")).isEqualTo(PgType.TEXT);
        assertThat(map("BLOB")).isEqualTo(PgType.BYTEA);
    }

    @Test
    void overrideWins() {
        ColumnSchema c = new ColumnSchema("c", "TEXT", false, null, 0, ValueProfiler.of("{}"));
        assertThat(PgTypeMapping.targetType(c, "jsonb")).isEqualTo(PgType.JSONB);
    }

    @Test
    void topicNamesAreLegalAndKeepOddTablesApart() {
        assertThat(TopicNames.forTable("cutover", "app", "users")).isEqualTo("cutover.app.users");
        String a = TopicNames.forTable("cutover", "app", "order items");
        String b = TopicNames.forTable("cutover", "app", "order_items");
        assertThat(a).matches("[A-Za-z0-9._-]+").isNotEqualTo(b);
        assertThat(TopicNames.changeTopics("cutover").matcher(a).matches()).isTrue();
        assertThat(TopicNames.changeTopics("cutover").matcher("cutover.dlq").matches()).isFalse();
    }

    @Test
    void schemaSurvivesJsonAndFingerprintIsStable() {
        TableSchema t = new TableSchema("sqlite", "app", "users",
                java.util.List.of(new ColumnSchema("id", "INTEGER", true, null, 1, ValueProfiler.of(1L))),
                java.util.List.of("id"), false, "id", null, null);
        TableSchema back = TableSchema.fromJsonBytes(t.toJsonBytes());
        assertThat(back).isEqualTo(t);
        assertThat(back.fingerprint()).isEqualTo(t.fingerprint()).hasSize(16);
    }
}
