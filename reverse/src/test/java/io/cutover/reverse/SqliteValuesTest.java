package io.cutover.reverse;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Postgres's values, as Debezium hands them over, become the storage classes the source holds. */
class SqliteValuesTest {
    @Test
    void booleansBecomeZeroOrOneAndIntegersLongs() {
        assertThat(SqliteValues.value(Schema.BOOLEAN_SCHEMA, true)).isEqualTo(1L);
        assertThat(SqliteValues.value(Schema.BOOLEAN_SCHEMA, false)).isEqualTo(0L);
        assertThat(SqliteValues.value(Schema.INT32_SCHEMA, 7)).isEqualTo(7L);
        assertThat(SqliteValues.value(Schema.INT16_SCHEMA, (short) -3)).isEqualTo(-3L);
        assertThat(SqliteValues.value(Schema.FLOAT64_SCHEMA, 2.5)).isEqualTo(2.5);
        assertThat(SqliteValues.value(Schema.OPTIONAL_STRING_SCHEMA, null)).isNull();
    }

    @Test
    void timestamptzBecomesSqliteDatetimeTextInUtcWithAFractionOnlyWhenThereIsOne() {
        Schema zoned = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build();
        assertThat(SqliteValues.value(zoned, "2024-05-06T09:08:09+02:00")).isEqualTo("2024-05-06 07:08:09");
        assertThat(SqliteValues.value(zoned, "2024-05-06T07:08:09.250Z")).isEqualTo("2024-05-06 07:08:09.25");
        assertThat(SqliteValues.timestamp(Instant.parse("1999-12-31T23:59:59.000001Z"))).isEqualTo("1999-12-31 23:59:59.000001");
    }

    @Test
    void numericsBecomeIntegersOrRealsWhenExactAndTextOtherwise() {
        assertThat(SqliteValues.value(Decimal.schema(2), new BigDecimal("42.00"))).isEqualTo(42L);
        assertThat(SqliteValues.value(Decimal.schema(2), new BigDecimal("0.25"))).isEqualTo(0.25);
        assertThat(SqliteValues.value(Decimal.schema(1), new BigDecimal("0.1"))).isEqualTo("0.1");
        assertThat(SqliteValues.value(Decimal.schema(0), new BigDecimal("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        Schema variable = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
        Struct v = new Struct(variable).put("scale", 1).put("value", BigInteger.valueOf(75).toByteArray());
        assertThat(SqliteValues.value(variable, v)).isEqualTo(7.5);
    }

    @Test
    void byteaBecomesABlobAndJsonbItsText() {
        assertThat((byte[]) SqliteValues.value(Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[] {0, (byte) 0xff})))
                .containsExactly(0, 0xff);
        Schema json = SchemaBuilder.string().name("io.debezium.data.Json").build();
        assertThat(SqliteValues.value(json, "{\"a\": 1}")).isEqualTo("{\"a\": 1}");
    }
}
