package io.cutover.core.config;

import java.util.List;
import java.util.Map;

/**
 * How one JSON file maps to a table.
 *
 * @param records {@code array}, {@code object} (keyed by id), or a JSON pointer
 * @param columns per-column Postgres type overrides
 */
public record JsonFileSpec(String file, String table, List<String> key, String records, Map<String, String> columns) {
}
