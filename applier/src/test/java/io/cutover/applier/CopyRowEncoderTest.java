package io.cutover.applier;

import io.cutover.core.event.InvalidText;
import io.cutover.core.event.JsonValue;
import io.cutover.core.schema.PgType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyRowEncoderTest {

    private static String encode(PgType type, Object value) {
        CopyRowEncoder e = new CopyRowEncoder();
        e.row(new String[]{"c"}, new Object[]{value}, new PgType[]{type});
        String s = new String(e.bytes(), StandardCharsets.UTF_8);
        assertThat(s).endsWith("\n");
        return s.substring(0, s.length() - 1);
    }

    @Test
    void textEscapesEveryCharacterCopyTreatsSpecially() {
        assertThat(encode(PgType.TEXT, "a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
        assertThat(encode(PgType.TEXT, "\\N")).as("the text \\N is not NULL").isEqualTo("\\\\N");
        assertThat(encode(PgType.TEXT, "")).as("the empty string is not NULL").isEmpty();
        assertThat(encode(PgType.TEXT, null)).isEqualTo("\\N");
        assertThat(encode(PgType.TEXT, "ünï 𝄞")).isEqualTo("ünï 𝄞");
    }

    @Test
    void valuesUseTheFormsPostgresParsesExactly() {
        assertThat(encode(PgType.BIGINT, Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(encode(PgType.DOUBLE, -0.0)).isEqualTo("-0.0");
        assertThat(encode(PgType.DOUBLE, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(encode(PgType.BYTEA, new byte[]{0, (byte) 0xff})).isEqualTo("\\\\x00ff");
        assertThat(encode(PgType.BOOLEAN, 1L)).isEqualTo("t");
        assertThat(encode(PgType.NUMERIC, new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(encode(PgType.TIMESTAMPTZ, "2024-01-02T03:04:05.5Z")).isEqualTo("2024-01-02 03:04:05.500000+00");
        assertThat(encode(PgType.JSONB, new JsonValue("{\"a\":\"x\\ty\"}"))).isEqualTo("{\"a\":\"x\\\\ty\"}");
    }

    @Test
    void textWithANulOrInvalidUtf8FitsAByteaColumnByteForByte() {
        // Mapping the column to bytea is what the rejection of such text advises: it must then be taken.
        assertThat(encode(PgType.BYTEA, "a\u0000b")).isEqualTo("\\\\x610062");
        assertThat(encode(PgType.BYTEA, new InvalidText(new byte[]{0x61, (byte) 0xff}))).isEqualTo("\\\\x61ff");
    }

    @Test
    void aValueTheColumnCannotTakeIsRejectedNamingTheColumn() {
        assertThatThrownBy(() -> encode(PgType.TEXT, "nul \u0000")).isInstanceOf(RecordRejected.class)
                .hasMessageContaining("column c").hasMessageContaining("NUL");
        assertThatThrownBy(() -> encode(PgType.TEXT, new InvalidText(new byte[]{(byte) 0xc3})))
                .isInstanceOf(RecordRejected.class);
    }

    @Test
    void aLoneSurrogateFallsBackToInsertRatherThanBecomingAQuestionMark() {
        assertThatThrownBy(() -> encode(PgType.TEXT, "bad \ud800 here")).isInstanceOf(CopyRowEncoder.NotEncodable.class);
        assertThatThrownBy(() -> encode(PgType.TEXT, "bad \udc00")).isInstanceOf(CopyRowEncoder.NotEncodable.class);
        assertThat(encode(PgType.TEXT, "pair \ud834\udd1e")).isEqualTo("pair 𝄞");
    }

    @Test
    void timestampsOutsideYearsOneTo9999FallBackToInsert() {
        assertThatThrownBy(() -> encode(PgType.TIMESTAMPTZ, 253_402_300_800_000L * 10))
                .isInstanceOfAny(CopyRowEncoder.NotEncodable.class, RecordRejected.class);
    }
}
