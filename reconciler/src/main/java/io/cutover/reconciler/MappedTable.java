package io.cutover.reconciler;

import io.cutover.core.control.Identifiers;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.PgType;
import io.cutover.core.schema.TableSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source table and the Postgres table the applier writes it to, as the applier recorded them in
 * {@code <control>.tables}: reconciler and applier thus agree on names without re-deriving them.
 *
 * @param schema  the schema facts last applied
 * @param types   each compared column's actual Postgres type (possibly wider than the mapping says)
 */
public record MappedTable(String source, String topic, String targetSchema, String targetTable, TableSchema schema,
                          Map<String, PgType> types) {
    public String table() {
        return schema.table();
    }

    /** Compared columns, in order: {@link TableSchema#ROWID} first for rowid tables, then the source columns. */
    public List<String> columns() {
        List<String> cols = new ArrayList<>();
        if (schema.usesRowid()) {
            cols.add(TableSchema.ROWID);
        }
        schema.columns().stream().map(ColumnSchema::name).filter(types::containsKey).forEach(cols::add);
        return cols;
    }

    public List<String> keyColumns() {
        return schema.primaryKey();
    }

    public PgType type(String column) {
        return types.get(column);
    }

    public String qualifiedTarget() {
        return Identifiers.quote(targetSchema) + "." + Identifiers.quote(targetTable);
    }

    /** {@code source.table}, for logs, reports and metric tags. */
    public String label() {
        return source + "." + table();
    }
}
