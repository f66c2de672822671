package io.cutover.capture.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.ValueCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The task's position, stored as Kafka Connect source offsets (the embedded engine keeps them in a
 * file under the state directory). Every record carries the position reached once it and everything
 * before it is acknowledged:
 * <ul>
 *   <li>{@code seq}: the highest changelog seq covered by emitted stream events;</li>
 *   <li>{@code snapshot}: JSON {@code {"done":{table:rootpage}, "table":t, "after":[key values]}}: the
 *       tables fully snapshotted (with the root page they had, so a rebuilt table is snapshotted
 *       again) and, when a table is in progress, the last key emitted.</li>
 * </ul>
 */
final class CaptureOffsets {
    long seq;
    final Map<String, Long> done = new TreeMap<>();
    String table;
    List<Object> after;

    static Map<String, String> partition(String source) {
        return Map.of("source", source);
    }

    Map<String, Object> toOffset() {
        ObjectNode o = EnvelopeCodec.MAPPER.createObjectNode();
        ObjectNode d = o.putObject("done");
        done.forEach(d::put);
        if (table != null) {
            o.put("table", table);
            ArrayNode a = o.putArray("after");
            if (after != null) {
                after.forEach(v -> a.add(ValueCodec.encode(v)));
            } else {
                o.putNull("after");
            }
        }
        return Map.of("seq", seq, "snapshot", o.toString());
    }

    static CaptureOffsets fromOffset(Map<String, ?> offset) {
        CaptureOffsets p = new CaptureOffsets();
        if (offset == null) {
            return p;
        }
        p.seq = ((Number) offset.get("seq")).longValue();
        try {
            JsonNode o = EnvelopeCodec.MAPPER.readTree((String) offset.get("snapshot"));
            o.path("done").fields().forEachRemaining(e -> p.done.put(e.getKey(), e.getValue().asLong()));
            if (o.hasNonNull("table")) {
                p.table = o.get("table").asText();
                JsonNode a = o.get("after");
                if (a != null && a.isArray()) {
                    p.after = new ArrayList<>();
                    a.forEach(v -> p.after.add(ValueCodec.decode(v)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable capture offset " + offset, e);
        }
        return p;
    }
}
