package io.cutover.applier;

import io.cutover.core.schema.TableSchema;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses schema headers once: every record carries its table's schema, but a table's schema rarely
 * changes, so the parsed form is kept by the header's exact bytes.
 */
final class SchemaCache {
    private static final int MAX = 1024;
    private final Map<ByteBuffer, TableSchema> byBytes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, TableSchema> e) {
            return size() > MAX;
        }
    };

    TableSchema parse(byte[] header) {
        return byBytes.computeIfAbsent(ByteBuffer.wrap(header), k -> TableSchema.fromJsonBytes(header));
    }
}
