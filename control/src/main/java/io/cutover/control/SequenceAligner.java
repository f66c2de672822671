package io.cutover.control;

import io.cutover.core.control.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives every migrated table with an autoincrement key (SQLite's {@code INTEGER PRIMARY KEY}, with or
 * without AUTOINCREMENT) a Postgres sequence as its column default, positioned past every id the
 * source has used: the highest migrated id, or SQLite's {@code sqlite_sequence} value when higher
 * (AUTOINCREMENT never reuses the ids of deleted rows, and Postgres should not either). Runs while
 * writes are frozen, so no id can appear in between.
 */
final class SequenceAligner {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceAligner.class);

    private SequenceAligner() {
    }

    /**
     * @param sourceHighWater per source table, the highest id the source ever handed out (from
     *                        sqlite_sequence), when known
     * @return one line per sequence set, for the report
     */
    static List<String> align(Connection c, MigratedTables tables, Map<String, Long> sourceHighWater) throws SQLException {
        List<String> done = new ArrayList<>();
        for (MigratedTables.Table t : tables.tables()) {
            String col = t.schema().autoincrement();
            if (col == null || t.schema().primaryKey().size() != 1) {
                continue;
            }
            String seq = t.targetTable() + "_" + col + "_seq";
            String qseq = Identifiers.quote(t.targetSchema()) + "." + Identifiers.quote(seq.length() > 63 ? seq.substring(0, 63) : seq);
            try (Statement st = c.createStatement()) {
                long max;
                try (ResultSet rs = st.executeQuery("SELECT coalesce(max(" + Identifiers.quote(col) + "), 0) FROM " + t.qualified())) {
                    rs.next();
                    max = rs.getLong(1);
                }
                long high = Math.max(max, sourceHighWater.getOrDefault(t.source() + "." + t.sourceTable(), 0L));
                st.execute("CREATE SEQUENCE IF NOT EXISTS " + qseq + " AS bigint OWNED BY " + t.qualified() + "."
                        + Identifiers.quote(col));
                st.execute("ALTER TABLE " + t.qualified() + " ALTER COLUMN " + Identifiers.quote(col)
                        + " SET DEFAULT nextval('" + qseq.replace("'", "''") + "')");
                // setval(.., false) when nothing was ever used, so the first id is 1 as in SQLite.
                st.execute("SELECT setval('" + qseq.replace("'", "''") + "', " + Math.max(high, 1) + ", " + (high > 0) + ")");
                done.add(t.qualified() + "." + Identifiers.quote(col) + " continues after " + high);
                LOG.info("sequence {} continues after {}", qseq, high);
            }
        }
        return done;
    }
}
