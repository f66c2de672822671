package io.cutover.core.schema;

/**
 * The kinds of value a source actually stores. SQLite's five storage classes, plus what JSON files
 * add: booleans and nested objects/arrays.
 */
public enum StorageClass {
    NULL, INTEGER, REAL, TEXT, BLOB, BOOLEAN, JSON;

    /** SQLite's {@code typeof()} names. */
    public static StorageClass fromSqliteTypeof(String typeof) {
        return valueOf(typeof.toUpperCase(java.util.Locale.ROOT));
    }
}
