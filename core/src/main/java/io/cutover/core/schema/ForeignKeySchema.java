package io.cutover.core.schema;

import java.util.List;

/** A foreign key of the source table; recorded, and enforced in Postgres only at cutover. */
public record ForeignKeySchema(List<String> columns, String refTable, List<String> refColumns,
                               String onDelete, String onUpdate) {
}
