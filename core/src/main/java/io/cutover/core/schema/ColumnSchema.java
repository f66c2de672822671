package io.cutover.core.schema;

/**
 * One source column and the facts the applier needs to create it.
 *
 * @param name         column name, unsanitised
 * @param declaredType the declared type text ("" when none), as the source schema says it
 * @param notNull      declared NOT NULL
 * @param defaultSql   declared default as SQL text, or null
 * @param pkPosition   1-based position in the primary key, 0 when not part of it
 * @param profile      the values actually stored
 */
public record ColumnSchema(String name, String declaredType, boolean notNull, String defaultSql,
                           int pkPosition, ColumnProfile profile) {
    public ColumnSchema withProfile(ColumnProfile p) {
        return new ColumnSchema(name, declaredType, notNull, defaultSql, pkPosition, p);
    }
}
