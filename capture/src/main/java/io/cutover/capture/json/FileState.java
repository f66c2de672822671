package io.cutover.capture.json;

import io.cutover.core.schema.TableSchema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What capture last emitted for one file: per table, each key's JSON text to its row's JSON text
 * ({@link io.cutover.core.event.ValueCodec} form), and the table schemas (so that profiles only ever
 * widen across restarts), at a version that the source offset records.
 *
 * @param version the source seq of the last event emitted for this state
 */
record FileState(String file, long version, Map<String, Map<String, String>> tables, Map<String, TableSchema> schemas) {
    FileState {
        tables = new LinkedHashMap<>(tables);
        schemas = new LinkedHashMap<>(schemas);
    }

    static FileState empty(String file) {
        return new FileState(file, 0, Map.of(), Map.of());
    }

    Map<String, String> rows(String table) {
        return tables.getOrDefault(table, Map.of());
    }

    int rowCount(String table) {
        return rows(table).size();
    }
}
