package io.cutover.core.config;

import java.util.List;
import java.util.Map;

/**
 * How one JSON file maps to tables.
 *
 * @param records            {@code auto} (root array, or root object keyed by id), {@code array},
 *                           {@code object} (keyed by id), or a JSON pointer
 * @param columns            per-column Postgres type overrides
 * @param children           nested fields that become child tables
 * @param allowMassDelete    apply changes that delete more than {@code massDeletePercent} of the records
 * @param massDeletePercent  a change deleting more than this percentage of the file's records is held
 */
public record JsonFileSpec(String file, String table, List<String> key, String records, Map<String, String> columns,
                           List<Child> children, boolean allowMassDelete, int massDeletePercent) {
    /**
     * A nested object (1:1) or array (1:n) of each record mapped to its own table.
     *
     * @param field     the record's field
     * @param table     the child table
     * @param parentKey columns carrying the parent key (default {@code <table>_<key>})
     * @param key       for arrays of objects, the element field(s) identifying an element with the parent key;
     *                  empty: the array position ({@code _index})
     */
    public record Child(String field, String table, List<String> parentKey, List<String> key) {
    }

    /** The form without child tables and with the default mass-delete guard. */
    public JsonFileSpec(String file, String table, List<String> key, String records, Map<String, String> columns) {
        this(file, table, key, records, columns, List.of(), false, 50);
    }
}
