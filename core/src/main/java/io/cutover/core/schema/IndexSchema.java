package io.cutover.core.schema;

import java.util.List;

/** A unique or secondary index of the source table. */
public record IndexSchema(String name, boolean unique, List<String> columns) {
}
