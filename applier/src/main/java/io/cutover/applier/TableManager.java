package io.cutover.applier;

import io.cutover.core.control.ControlSchema;
import io.cutover.core.control.Identifiers;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.IndexSchema;
import io.cutover.core.schema.PgType;
import io.cutover.core.schema.PgTypeMapping;
import io.cutover.core.schema.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates and evolves target tables from the schema facts that travel with the events: the table
 * with its primary key, added columns, widened types, and secondary indexes. Unique indexes are
 * created as plain indexes and foreign keys are not created: before cutover, rows of different keys
 * and tables arrive in no common order, so those constraints could reject correct data; the facts
 * are kept in the control schema for cutover to enforce. DDL runs inside the batch's transaction;
 * what it learned is kept only once that transaction commits.
 */
final class TableManager {
    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);
    private final String targetSchema;
    private final ControlSchema control;
    private final Map<String, String> overrides;
    private final Map<String, TargetTable> committed = new HashMap<>();
    private final Map<String, TargetTable> pending = new HashMap<>();
    private final TargetNames names;

    TableManager(String targetSchema, ControlSchema control, Map<String, String> overrides) {
        this.targetSchema = targetSchema;
        this.control = control;
        this.overrides = overrides;
        this.names = new TargetNames(control, targetSchema);
    }

    /** The target table for this schema, created or evolved as needed within the open transaction. */
    TargetTable ensure(Connection c, TableSchema schema, String topic) throws SQLException {
        String id = schema.source() + "\u0000" + schema.table();
        TargetTable known = pending.containsKey(id) ? pending.get(id) : committed.get(id);
        String fp = schema.fingerprint();
        if (known != null && known.fingerprint().equals(fp)) {
            return known;
        }
        TargetTable t = evolve(c, schema, topic, fp);
        pending.put(id, t);
        return t;
    }

    /** The table a topic's tombstones belong to, from what the control schema recorded. */
    Optional<TargetTable> forTopic(Connection c, String topic) throws SQLException {
        for (Map<String, TargetTable> m : List.of(pending, committed)) {
            for (TargetTable t : m.values()) {
                if (t.topic().equals(topic)) {
                    return Optional.of(t);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_json::text FROM " + control.qualified("tables")
                + " WHERE topic = ?")) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(ensure(c, TableSchema.fromJsonBytes(rs.getString(1).getBytes(StandardCharsets.UTF_8)), topic));
            }
        }
    }

    void committed() {
        committed.putAll(pending);
        pending.clear();
    }

    void rolledBack() {
        pending.clear();
    }

    private TargetTable evolve(Connection c, TableSchema s, String topic, String fp) throws SQLException {
        String target = names.of(c, s.source(), s.table());
        String qname = Identifiers.quote(targetSchema) + "." + Identifiers.quote(target);
        Map<String, PgType> existing = existingColumns(c, target);
        Map<String, PgType> wanted = new LinkedHashMap<>();
        for (ColumnSchema col : s.columns()) {
            wanted.put(col.name(), PgTypeMapping.targetType(col, overrides.get(s.table() + "." + col.name())));
        }
        if (s.usesRowid()) {
            wanted.put(TableSchema.ROWID, PgType.BIGINT);
        }
        Map<String, PgType> actual = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(targetSchema));
            if (existing.isEmpty()) {
                st.execute(Ddl.createTable(qname, wanted, s.primaryKey()));
                actual.putAll(wanted);
                LOG.info("created {} for {}.{}", qname, s.source(), s.table());
            } else {
                for (var e : wanted.entrySet()) {
                    PgType have = existing.get(e.getKey());
                    String col = Identifiers.quote(e.getKey());
                    if (have == null) {
                        st.execute("ALTER TABLE " + qname + " ADD COLUMN IF NOT EXISTS " + col + " " + e.getValue().sql());
                        actual.put(e.getKey(), e.getValue());
                    } else {
                        PgType widened = PgTypeMapping.widen(have, e.getValue());
                        if (widened != have) {
                            st.execute("ALTER TABLE " + qname + " ALTER COLUMN " + col + " TYPE " + widened.sql()
                                    + " USING " + PgTypeMapping.usingExpression(col, have, widened));
                            LOG.warn("widened {}.{} from {} to {} (a value that did not fit arrived)", qname,
                                    e.getKey(), have.sql(), widened.sql());
                        }
                        actual.put(e.getKey(), widened);
                    }
                }
                existing.forEach(actual::putIfAbsent);
            }
            for (IndexSchema ix : s.indexes()) {
                if (!ix.columns().isEmpty() && !ix.name().startsWith("sqlite_autoindex")) {
                    st.execute(Ddl.createIndex(targetSchema, target, ix));
                }
            }
        }
        record(c, s, topic, target, fp);
        return new TargetTable(qname, topic, s.primaryKey(), actual, fp);
    }

    private void record(Connection c, TableSchema s, String topic, String target, String fp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + control.qualified("tables")
                + " (source, source_table, topic, target_schema, target_table, fingerprint, schema_json) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (source, source_table) DO UPDATE SET "
                + "topic = EXCLUDED.topic, fingerprint = EXCLUDED.fingerprint, schema_json = EXCLUDED.schema_json, "
                + "updated_at = now()")) {
            ps.setString(1, s.source());
            ps.setString(2, s.table());
            ps.setString(3, topic);
            ps.setString(4, targetSchema);
            ps.setString(5, target);
            ps.setString(6, fp);
            ps.setString(7, new String(s.toJsonBytes(), StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
    }

    private Map<String, PgType> existingColumns(Connection c, String table) throws SQLException {
        Map<String, PgType> cols = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
                + "FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = ? AND t.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, targetSchema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.put(rs.getString(1), PgType.fromSql(rs.getString(2)));
                }
            }
        }
        return cols;
    }
}
