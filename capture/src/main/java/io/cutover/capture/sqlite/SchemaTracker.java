package io.cutover.capture.sqlite;

import io.cutover.core.schema.ColumnProfile;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.StorageClass;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.ValueProfiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current schema of each captured table, and its header bytes. A value that the column's
 * profile does not cover widens the profile: the next events carry the new schema, so the applier
 * widens the target column. Never a crash, never a dropped row.
 */
final class SchemaTracker {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaTracker.class);

    private final Map<String, TableSchema> schemas = new HashMap<>();
    private final Map<String, byte[]> headers = new HashMap<>();

    void put(TableSchema t) {
        schemas.put(t.table(), t);
        headers.put(t.table(), t.toJsonBytes());
    }

    TableSchema get(String table) {
        return schemas.get(table);
    }

    void remove(String table) {
        schemas.remove(table);
        headers.remove(table);
    }

    Map<String, TableSchema> all() {
        return schemas;
    }

    byte[] header(String table) {
        return headers.get(table);
    }

    /**
     * The table's current structure. Profiling scans the table, so it is done for new tables and
     * new columns only; known columns keep their profile (which only ever widens).
     */
    TableSchema structure(SqliteSchemaReader schemaReader, String name) throws SQLException {
        TableSchema known = schemas.get(name);
        if (known == null) {
            return schemaReader.read(name, true);
        }
        TableSchema t = schemaReader.read(name, false);
        List<ColumnSchema> cols = new ArrayList<>();
        for (ColumnSchema c : t.columns()) {
            Optional<ColumnSchema> old = known.column(c.name());
            cols.add(c.withProfile(old.isPresent() ? old.get().profile() : schemaReader.profile(name, c)));
        }
        return new TableSchema(t.connector(), t.source(), t.table(), cols, t.primaryKey(), t.withoutRowid(),
                t.autoincrement(), t.indexes(), t.foreignKeys());
    }

    /** Widens the table's profiles to cover {@code row}; returns the (possibly new) schema. */
    TableSchema observe(String table, Map<String, Object> row) {
        TableSchema t = schemas.get(table);
        List<ColumnSchema> cols = null;
        for (int i = 0; i < t.columns().size(); i++) {
            ColumnSchema c = t.columns().get(i);
            if (!row.containsKey(c.name()) || fits(c.profile(), row.get(c.name()))) {
                continue;
            }
            ColumnProfile widened = c.profile().merge(ValueProfiler.of(row.get(c.name())));
            if (widened.equals(c.profile())) {
                continue;
            }
            if (cols == null) {
                cols = new ArrayList<>(t.columns());
            }
            cols.set(i, c.withProfile(widened));
            LOG.warn("{}.{}: a stored value widened the column's profile from {} to {}", table, c.name(), c.profile(), widened);
        }
        if (cols != null) {
            t = new TableSchema(t.connector(), t.source(), t.table(), cols, t.primaryKey(), t.withoutRowid(),
                    t.autoincrement(), t.indexes(), t.foreignKeys());
            put(t);
        }
        return t;
    }

    /** A cheap check first: most values fit, and parsing timestamps for each would be wasteful. */
    private static boolean fits(ColumnProfile p, Object v) {
        StorageClass c = ValueProfiler.classify(v);
        if (!p.classes().contains(c)) {
            return false;
        }
        if (c == StorageClass.INTEGER && p.allBoolean01() && !(v instanceof Long l && (l == 0 || l == 1))) {
            return false;
        }
        return v == null || !p.allTimestamps() || p.covers(ValueProfiler.of(v));
    }
}
