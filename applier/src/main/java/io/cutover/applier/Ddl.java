package io.cutover.applier;

import io.cutover.core.control.Identifiers;
import io.cutover.core.schema.IndexSchema;
import io.cutover.core.schema.PgType;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** DDL text; every identifier quoted, so names with spaces, quotes, Unicode or reserved words work. */
final class Ddl {
    private Ddl() {
    }

    static String createTable(String qname, Map<String, PgType> columns, List<String> key) {
        String cols = columns.entrySet().stream()
                .map(e -> Identifiers.quote(e.getKey()) + " " + e.getValue().sql())
                .collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + qname + " (" + cols + ", PRIMARY KEY (" + quoted(key) + "))";
    }

    /** Unique indexes are created without UNIQUE: see {@link TableManager}. */
    static String createIndex(String schema, String table, IndexSchema ix) {
        return "CREATE INDEX IF NOT EXISTS " + Identifiers.quote(indexName(table, ix.name())) + " ON "
                + Identifiers.quote(schema) + "." + Identifiers.quote(table) + " (" + quoted(ix.columns()) + ")";
    }

    /** Postgres index names share the schema's namespace, so the table name is part of them. */
    static String indexName(String table, String index) {
        String n = table + "__" + index;
        return n.length() <= 63 ? n : n.substring(0, 54) + "_" + Integer.toHexString(n.hashCode());
    }

    static String quoted(List<String> names) {
        return names.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }
}
