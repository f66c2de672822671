package io.cutover.reconciler;

import java.util.List;

/**
 * One key whose rows differ between the source and Postgres.
 *
 * @param kind        missing (in the source, not in Postgres), extra (in Postgres only), different
 * @param key         canonical key values in key order
 * @param columns     the differing columns (for {@code different}; empty otherwise)
 * @param sourceKey   the key as the source stores it, for rechecks and repair
 * @param sourceRow   the source row's canonical values when seen (null when missing from the source):
 *                    a recheck that finds the source changed since is a new suspect, not a confirmation
 */
public record Difference(MappedTable table, Kind kind, List<Object> key, List<String> columns, List<Object> sourceKey,
                         List<Object> sourceRow) {
    /** What kind of difference; the metric and report use {@link #label()}. */
    public enum Kind {
        MISSING, EXTRA, DIFFERENT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The key as a map from key column to display value, for reports. */
    public java.util.Map<String, Object> keyMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            m.put(table.keyColumns().get(i), key.get(i));
        }
        return m;
    }
}
