package io.cutover.core.event;

import java.util.Map;
import java.util.Objects;

/**
 * One change of one row, in Debezium's envelope shape.
 *
 * <p>Row images map column names to values of the types {@link ValueCodec} carries: {@code null},
 * {@link Long}, {@link Double}, {@link Boolean} (JSON files only), {@link java.math.BigDecimal}, {@link String}, {@code byte[]} (BLOB),
 * {@link InvalidText} (TEXT whose bytes are not UTF-8) and {@link JsonValue} (nested JSON). Maps keep
 * column order.
 *
 * @param key    the primary key as column name to value, in key order; never null
 * @param before the previous image, when known (capture records keys only, so usually null)
 * @param after  the new image; null for deletes
 */
public record ChangeEvent(Map<String, Object> key, Map<String, Object> before, Map<String, Object> after,
                          Op op, long tsMs, SourceInfo source) {
    public ChangeEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(source, "source");
        if (op == Op.DELETE && after != null) {
            throw new IllegalArgumentException("a delete has no after image");
        }
        if (op != Op.DELETE && after == null) {
            throw new IllegalArgumentException("op " + op.code() + " needs an after image");
        }
    }

    public boolean isDelete() {
        return op == Op.DELETE;
    }
}
