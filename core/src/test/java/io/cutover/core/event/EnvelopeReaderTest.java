package io.cutover.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming reader must decode exactly what the tree-based {@link ValueCodec} decodes. */
class EnvelopeReaderTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rowsDecodeAsTheTreeCodecDecodesThem() throws Exception {
        String after = "{\"i\":9223372036854775807,\"big\":18446744073709551616,\"f\":1.0,\"e\":1e300,"
                + "\"s\":\"a\\u0000b\",\"t\":true,\"n\":null,\"blob\":{\"$blob\":\"AP8=\"},\"r\":{\"$real\":\"NaN\"},"
                + "\"d\":{\"$numeric\":\"1.50\"},\"j\":{\"$json\":\"[1,{\\\"a\\\":2}]\"},\"x\":{\"$text\":\"wyg=\"},"
                + "\"i\":2}";
        String value = "{\"before\":null,\"after\":" + after + ",\"op\":\"u\",\"ts_ms\":5,\"source\":{\"connector\":"
                + "\"sqlite\",\"name\":\"app\",\"table\":\"t\",\"seq\":42,\"ts_ms\":4,\"snapshot\":\"false\"}}";

        ChangeEvent e = EnvelopeCodec.decode(utf8("{\"id\":7}"), utf8(value));

        JsonNode tree = EnvelopeCodec.MAPPER.readTree(after);
        Map<String, Object> expected = ValueCodec.decodeRow(tree);
        assertThat(e.after().keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, v) -> assertThat(e.after().get(k)).as(k).isEqualTo(v));
        assertThat(e.after().get("i")).isEqualTo(2L);
        assertThat(e.source()).isEqualTo(new SourceInfo("sqlite", "app", "t", 42, 4, false));
        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.tsMs()).isEqualTo(5);
        assertThat(e.key()).containsExactly(Map.entry("id", 7L));
    }

    @Test
    void unknownEnvelopeFieldsAreSkippedLikeDebeziumConsumersDo() {
        String value = "{\"schema\":{\"x\":[1,2,{\"y\":null}]},\"after\":{\"a\":1},\"op\":\"c\",\"ts_ms\":1,"
                + "\"transaction\":null,\"source\":{\"table\":\"t\",\"extra\":{\"deep\":[1]}}}";
        ChangeEvent e = EnvelopeCodec.decode(Map.of("a", 1L), utf8(value));
        assertThat(e.after()).containsExactly(Map.entry("a", 1L));
        assertThat(e.source().table()).isEqualTo("t");
    }

    @Test
    void anObjectThatIsNotATagIsRejectedNotMisread() {
        assertThatThrownBy(() -> EnvelopeCodec.decode(Map.of(), utf8("{\"after\":{\"a\":{\"$blob\":\"AA==\",\"b\":1}},\"op\":\"c\"}")))
                .hasMessageContaining("not a Cutover value");
        assertThatThrownBy(() -> EnvelopeCodec.decode(Map.of(), utf8("{\"after\":{\"a\":{\"$nope\":\"1\"}},\"op\":\"c\"}")))
                .hasMessageContaining("unknown tag");
        assertThatThrownBy(() -> EnvelopeCodec.decodeKey(utf8("[1]"))).hasMessageContaining("key object");
        assertThatThrownBy(() -> EnvelopeCodec.decode(Map.of(), utf8("{\"after\":{\"a\":1},\"op\":\"c\""))).isInstanceOf(RuntimeException.class);
    }
}
