package io.cutover.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serialises change events as Debezium-shaped JSON: the Kafka key is the primary key object, the
 * value is {@code {before, after, op, ts_ms, source:{connector,name,table,seq,ts_ms,snapshot}}}.
 * A delete is followed by a tombstone (null value) that the producer writes, not this codec.
 */
public final class EnvelopeCodec {
    /** Shared mapper: floats are read as doubles, never BigDecimal, so REALs round-trip exactly. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private EnvelopeCodec() {
    }

    public static byte[] encodeKey(Map<String, Object> key) {
        return write(ValueCodec.encodeRow(key));
    }

    public static Map<String, Object> decodeKey(byte[] bytes) {
        return EnvelopeReader.key(bytes);
    }

    public static ObjectNode toJson(ChangeEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.set("before", e.before() == null ? o.nullNode() : ValueCodec.encodeRow(e.before()));
        o.set("after", e.after() == null ? o.nullNode() : ValueCodec.encodeRow(e.after()));
        o.put("op", e.op().code());
        o.put("ts_ms", e.tsMs());
        SourceInfo s = e.source();
        ObjectNode src = o.putObject("source");
        src.put("connector", s.connector());
        src.put("name", s.name());
        src.put("table", s.table());
        src.put("seq", s.seq());
        src.put("ts_ms", s.tsMs());
        src.put("snapshot", Boolean.toString(s.snapshot()));
        return o;
    }

    public static byte[] encodeValue(ChangeEvent e) {
        return write(toJson(e));
    }

    /** Decodes a non-null value; the key comes from the record's key bytes. */
    public static ChangeEvent decode(byte[] key, byte[] value) {
        return decode(decodeKey(key), value);
    }

    /** Decodes a non-null value whose key the caller has decoded already. */
    public static ChangeEvent decode(Map<String, Object> key, byte[] value) {
        return EnvelopeReader.event(key, value);
    }

    private static byte[] write(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
