package io.cutover.capture.json;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one JSON file maps to tables, as the connector receives it (JSON in {@link JsonFileConnectorConfig#FILES}).
 *
 * @param file            file name inside the directory
 * @param table           target table of the records
 * @param key             key field(s); for {@code records: object}, the single key column that receives the map key
 * @param records         {@code array}, {@code object} (keyed by id), a JSON pointer such as {@code /data/users},
 *                        or null/{@code auto} to detect array/object from the root
 * @param columns         per-column type overrides (carried as the column's declared type)
 * @param children        nested fields that become child tables
 * @param allowMassDelete release held mass deletes: delete whatever the file no longer has
 * @param massDeleteShare hold a change deleting more than this share of the file's records
 */
public record JsonFileMapping(String file, String table, List<String> key, String records, Map<String, String> columns,
                              List<Child> children, boolean allowMassDelete, double massDeleteShare) {
    /**
     * A nested object (1:1) or array (1:n) of each record that becomes its own table.
     *
     * @param field     the record's field holding it (removed from the parent row)
     * @param table     the child table
     * @param parentKey the child's columns carrying the parent key, in the parent key's order
     *                  (default {@code <parent table>_<key field>})
     * @param key       for arrays of objects: the element field(s) that, with the parent key, identify an
     *                  element; empty: the array position, in column {@value #INDEX}
     */
    public record Child(String field, String table, List<String> parentKey, List<String> key) {
        public static final String INDEX = "_index";

        public Child {
            Objects.requireNonNull(field, "field");
            table = table == null || table.isBlank() ? field : table;
            parentKey = parentKey == null ? List.of() : List.copyOf(parentKey);
            key = key == null ? List.of() : List.copyOf(key);
        }
    }

    public JsonFileMapping {
        Objects.requireNonNull(file, "file");
        table = table == null || table.isBlank() ? file.replaceFirst("\\.json$", "") : table;
        key = key == null || key.isEmpty() ? List.of("id") : List.copyOf(key);
        records = records == null || records.isBlank() || records.equals("auto") ? null : records;
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        children = children == null ? List.of() : List.copyOf(children);
        if (massDeleteShare <= 0 || massDeleteShare > 1) {
            massDeleteShare = 0.5;
        }
    }

    /** The defaults for a file found in the directory without configuration. */
    public static JsonFileMapping inferred(String file) {
        return new JsonFileMapping(file, null, null, null, null, null, false, 0.5);
    }

    /** The parent-key column names of a child, defaulted. */
    public List<String> parentKeyColumns(Child c) {
        if (!c.parentKey().isEmpty()) {
            return c.parentKey();
        }
        return key.stream().map(k -> table + "_" + k).toList();
    }
}
