package io.cutover.core.event;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeCodecTest {

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everySqliteValueSurvivesTheRoundTripExactly() {
        Map<String, Object> after = row(
                "max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "negzero", -0.0, "tiny", Double.MIN_VALUE,
                "huge", Double.MAX_VALUE, "inf", Double.POSITIVE_INFINITY, "one_real", 1.0,
                "text", "héllo \u0000 ☃ 𝄞", "blob", new byte[]{0, (byte) 0xff, 1},
                "bad_utf8", new InvalidText(new byte[]{(byte) 0xc3, 0x28}), "nul", null,
                "json", new JsonValue("{\"b\":1,\"a\":[true]}"), "dec", new BigDecimal("12345678901234567890.123456789"),
                "flag", true);
        ChangeEvent e = new ChangeEvent(row("id", 7L), null, after, Op.UPDATE, 5L,
                new SourceInfo(SourceInfo.SQLITE, "app", "t", 42L, 4L, false));

        ChangeEvent back = EnvelopeCodec.decode(EnvelopeCodec.encodeKey(e.key()), EnvelopeCodec.encodeValue(e));

        assertThat(back.key()).containsExactly(Map.entry("id", 7L));
        assertThat(back.op()).isEqualTo(Op.UPDATE);
        assertThat(back.source()).isEqualTo(e.source());
        assertThat(back.after()).containsOnlyKeys(after.keySet());
        assertThat(Double.doubleToRawLongBits((Double) back.after().get("negzero")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back.after().get("one_real")).isInstanceOf(Double.class);
        assertThat(back.after().get("max")).isEqualTo(Long.MAX_VALUE);
        assertThat(back.after().get("tiny")).isEqualTo(Double.MIN_VALUE);
        assertThat(back.after().get("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(back.after().get("blob")).isEqualTo(new byte[]{0, (byte) 0xff, 1});
        assertThat(back.after().get("bad_utf8")).isEqualTo(after.get("bad_utf8"));
        assertThat(back.after().get("text")).isEqualTo(after.get("text"));
        assertThat(back.after().get("nul")).isNull();
        assertThat(back.after().get("json")).isEqualTo(after.get("json"));
        assertThat(back.after().get("dec")).isEqualTo(after.get("dec"));
        assertThat(back.after().get("flag")).isEqualTo(true);
    }

    @Test
    void envelopeHasDebeziumShape() throws Exception {
        ChangeEvent e = new ChangeEvent(row("id", 1L), null, null, Op.DELETE, 9L,
                new SourceInfo(SourceInfo.JSONFILE, "files", "users", 3L, 8L, true));
        var json = EnvelopeCodec.MAPPER.readTree(EnvelopeCodec.encodeValue(e));
        assertThat(json.get("op").asText()).isEqualTo("d");
        assertThat(json.get("after").isNull()).isTrue();
        assertThat(json.get("source").get("connector").asText()).isEqualTo("jsonfile");
        assertThat(json.get("source").get("snapshot").asText()).isEqualTo("true");
        assertThat(new String(EnvelopeCodec.encodeKey(e.key()), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
    }
}
