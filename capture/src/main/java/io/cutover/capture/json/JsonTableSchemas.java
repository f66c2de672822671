package io.cutover.capture.json;

import io.cutover.core.event.SourceInfo;
import io.cutover.core.schema.ColumnProfile;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.StorageClass;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.ValueProfiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema of each table of one file, grown from the values seen: a new field adds a column, a
 * value its profile does not cover widens the profile (the applier then widens the target column).
 * Profiles never narrow, also across restarts (they are kept in the file's state).
 *
 * <p>Declared types steer {@link io.cutover.core.schema.PgTypeMapping}: a configured override is the
 * declared type; a number beyond what bigint or double hold exactly declares the column NUMERIC, so
 * that no digit is lost.
 */
final class JsonTableSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(JsonTableSchemas.class);

    private final String source;
    private final Map<String, String> overrides;
    private final Map<String, TableSchema> schemas = new HashMap<>();
    private final Map<String, byte[]> headers = new HashMap<>();

    JsonTableSchemas(String source, Map<String, String> overrides, Map<String, TableSchema> known) {
        this.source = source;
        this.overrides = overrides;
        known.forEach((t, s) -> {
            schemas.put(t, s);
            headers.put(t, s.toJsonBytes());
        });
    }

    Map<String, TableSchema> all() {
        return Map.copyOf(schemas);
    }

    byte[] header(String table) {
        return headers.get(table);
    }

    TableSchema get(String table) {
        return schemas.get(table);
    }

    /** Grows the table's schema to cover {@code row}; key columns come first, in key order. */
    void observe(String table, List<String> keyColumns, Map<String, Object> row) {
        TableSchema t = schemas.get(table);
        List<ColumnSchema> cols = t == null ? new ArrayList<>() : new ArrayList<>(t.columns());
        boolean changed = t == null;
        if (t == null) {
            for (int i = 0; i < keyColumns.size(); i++) {
                cols.add(new ColumnSchema(keyColumns.get(i), declared(table, keyColumns.get(i), null), true, null, i + 1,
                        ColumnProfile.empty()));
            }
        }
        for (var e : row.entrySet()) {
            int i = indexOf(cols, e.getKey());
            if (i < 0) {
                cols.add(new ColumnSchema(e.getKey(), declared(table, e.getKey(), null), false, null, 0, ColumnProfile.empty()));
                i = cols.size() - 1;
            }
            ColumnSchema c = cols.get(i);
            ColumnProfile p = profile(c, e.getValue());
            String decl = declared(table, c.name(), e.getValue());
            String newDecl = decl.isEmpty() ? c.declaredType() : decl;
            if (!c.profile().covers(p) || !newDecl.equals(c.declaredType())) {
                ColumnProfile widened = c.profile().merge(p);
                if (t != null && !c.profile().classes().isEmpty() && !widened.valueClasses().equals(c.profile().valueClasses())) {
                    LOG.warn("{}.{}: a value widened the column's profile from {} to {}", table, c.name(),
                            c.profile().classes(), widened.classes());
                }
                cols.set(i, new ColumnSchema(c.name(), newDecl, c.notNull(), null, c.pkPosition(), widened));
                changed = true;
            }
        }
        if (changed) {
            TableSchema s = new TableSchema(SourceInfo.JSONFILE, source, table, cols, keyColumns, false, null, List.of(), List.of());
            schemas.put(table, s);
            headers.put(table, s.toJsonBytes());
        }
    }

    private String declared(String table, String column, Object v) {
        String o = overrides.get(table + "." + column);
        if (o != null) {
            return o;
        }
        return v instanceof BigInteger || v instanceof BigDecimal ? "NUMERIC" : "";
    }

    /** Timestamps are only profiled where a declared type asks for them: parsing every string costs. */
    private static ColumnProfile profile(ColumnSchema c, Object v) {
        String d = c.declaredType().toUpperCase(Locale.ROOT);
        if (d.contains("DATE") || d.contains("TIME")) {
            return ValueProfiler.of(v);
        }
        StorageClass k = ValueProfiler.classify(v);
        boolean bool01 = k != StorageClass.INTEGER || v instanceof Long l && (l == 0 || l == 1);
        return new ColumnProfile(EnumSet.of(k), bool01, v == null);
    }

    private static int indexOf(List<ColumnSchema> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
