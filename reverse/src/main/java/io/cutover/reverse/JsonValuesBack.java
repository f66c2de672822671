package io.cutover.reverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cutover.capture.json.JsonSourceView;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.schema.PgType;
import io.cutover.core.schema.PgTypeMapping;
import io.cutover.core.schema.TableSchema;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The reverse topics' values (SQLite storage classes, {@link SqliteValues}) as the JSON a data file
 * held: the column's Postgres type, derived from the migrated table's schema as the applier derived
 * it, says which. Booleans go back as {@code true}/{@code false}, jsonb as nested JSON, numeric as an
 * exact number, bigint and double as numbers, text as strings, null as null.
 */
final class JsonValuesBack {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private final TableSchema schema;
    private final Map<String, String> overrides;

    JsonValuesBack(TableSchema schema, Map<String, String> overrides) {
        this.schema = schema;
        this.overrides = overrides;
    }

    /** Whether the source table has the column (one added on Postgres after the switch has no place). */
    boolean known(String column) {
        return schema == null || schema.column(column).isPresent();
    }

    JsonNode node(String column, Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        PgType type = schema == null ? null : schema.column(column)
                .map(c -> PgTypeMapping.targetType(c, overrides.get(column))).orElse(null);
        if (type == PgType.BOOLEAN && v instanceof Long l) {
            return NODES.booleanNode(l != 0);
        }
        if (type == PgType.JSONB && v instanceof String s) {
            try {
                return EnvelopeCodec.MAPPER.readTree(s);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException("column " + column + " holds no JSON: " + e.getOriginalMessage(), e);
            }
        }
        if (type == PgType.NUMERIC && v instanceof String s) {
            return NODES.numberNode(new BigDecimal(s));
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (v instanceof byte[] b) {
            return NODES.binaryNode(b);
        }
        return NODES.textNode(v.toString());
    }

    /** A JSON value as capture's events carry it (for key texts): capture's own conversion, so the texts agree. */
    static Object plain(JsonNode n) {
        return JsonSourceView.value(n);
    }
}
