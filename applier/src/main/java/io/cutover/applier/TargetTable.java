package io.cutover.applier;

import io.cutover.core.schema.PgType;

import java.util.List;
import java.util.Map;

/**
 * A Postgres table as the applier writes it: its quoted name, key columns, and each column's actual
 * type (which may be wider than what the current schema maps to, never narrower).
 */
record TargetTable(String qualifiedName, String topic, List<String> keyColumns, Map<String, PgType> columnTypes,
                   String fingerprint) {
}
