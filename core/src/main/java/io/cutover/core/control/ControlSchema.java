package io.cutover.core.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Cutover's own tables in Postgres (schema {@code postgres.control-schema}, default {@code cutover}).
 * Everything the applier records about its progress commits in the same transaction as the rows.
 * <ul>
 *   <li>{@code applied_offsets}: the next Kafka offset to apply per consumer group, topic and
 *       partition. Restoring Postgres from a backup restores these with the rows.</li>
 *   <li>{@code tables}: per source table, its topic, its target table and the schema facts last
 *       applied, so that a tombstone can be applied even when it is the only record left after
 *       compaction, and so that cutover knows the foreign keys and sequences to apply.</li>
 *   <li>{@code reconcile_runs}: one row per reconcile pass (kind, rows compared, confirmed
 *       mismatches, suspects, clean); {@code reconcile_mismatches}: the confirmed mismatches as of
 *       the latest pass, with their kind and differing columns.</li>
 * </ul>
 */
public final class ControlSchema {
    private final String schema;

    public ControlSchema(String schema) {
        this.schema = schema;
    }

    public String qualified(String table) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }

    /** Creates what is missing; safe to run by every process at every start. */
    public void ensure(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified("applied_offsets") + " ("
                    + "group_id text NOT NULL, topic text NOT NULL, partition int NOT NULL, "
                    + "next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (group_id, topic, partition))");
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified("tables") + " ("
                    + "source text NOT NULL, source_table text NOT NULL, topic text NOT NULL, "
                    + "target_schema text NOT NULL, target_table text NOT NULL, fingerprint text NOT NULL, "
                    + "schema_json jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (source, source_table))");
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified("reconcile_runs") + " ("
                    + "id bigserial PRIMARY KEY, kind text NOT NULL, started_at timestamptz NOT NULL, "
                    + "finished_at timestamptz NOT NULL DEFAULT now(), rows_compared bigint NOT NULL, "
                    + "confirmed int NOT NULL, suspects int NOT NULL, clean boolean NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified("reconcile_mismatches") + " ("
                    + "run_id bigint NOT NULL, source text NOT NULL, source_table text NOT NULL, key_json jsonb NOT NULL, "
                    + "kind text NOT NULL, columns text[] NOT NULL, PRIMARY KEY (source, source_table, key_json))");
        }
    }
}
