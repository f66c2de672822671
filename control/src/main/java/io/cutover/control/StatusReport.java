package io.cutover.control;

import io.cutover.capture.json.JsonSourceView;
import io.cutover.core.control.Identifiers;
import org.apache.kafka.common.TopicPartition;

import javax.sql.DataSource;
import io.cutover.capture.json.JsonSourceView;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code cutover status} shows: the phase, and per migrated table the rows on each side and the
 * applier's lag; then the next phase and, in plain words, what blocks it.
 */
public record StatusReport(CutoverState state, String phase, List<TableStatus> tables, String next,
                           List<String> blockers, List<String> warnings) {
    /** One table's figures; {@code sourceRows} is null when the source is not readable from here. */
    public record TableStatus(String source, String table, String target, Long sourceRows, long targetRows,
                              long lagEvents) {
    }

    public static StatusReport build(CutoverController controller, DataSource pool, Map<String, Path> sqliteSources)
            throws Exception {
        CutoverState state = controller.state();
        Map<TopicPartition, Long> lag = controller.topics().lag();
        List<TableStatus> rows = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            for (MigratedTables.Table t : MigratedTables.load(c, controller.control()).tables()) {
                long behind = lag.entrySet().stream().filter(e -> e.getKey().topic().equals(t.topic()))
                        .mapToLong(Map.Entry::getValue).sum();
                Long source = sqliteSources.containsKey(t.source()) ? sqliteCount(sqliteSources.get(t.source()), t.sourceTable())
                        : jsonCount(controller.settings().jsonSources(), t.source(), t.sourceTable());
                rows.add(new TableStatus(t.source(), t.sourceTable(), t.qualified(), source, count(c, t.qualified()), behind));
            }
            blockers.addAll(controller.settings().gate().blockers(c, controller.control(), lag));
        }
        String phase = state.phase().code();
        String next;
        switch (state.phase()) {
            case CAPTURING -> {
                if (blockers.isEmpty()) {
                    phase = "in_sync";
                }
                next = "reads_on_postgres: `cutover flip-reads --execute`";
            }
            case READS_ON_POSTGRES -> next = "writes_on_postgres: `cutover switch-writes --execute`";
            case WRITES_ON_POSTGRES -> {
                next = "finalized: `cutover finalize --execute` (or back to the source with reverse.enabled: "
                        + "`cutover rollback --execute`)";
                blockers.clear();
            }
            case ROLLING_BACK -> {
                next = "capturing: a rollback is draining reverse replication (writes frozen)";
                blockers.clear();
            }
            default -> {
                next = "none: the migration is finalized";
                blockers.clear();
            }
        }
        return new StatusReport(state, phase, rows, next, blockers, lateWrites(controller.settings().jsonSources()));
    }

    /** Files changed after the write switch fenced them: their changes are not migrated. */
    private static List<String> lateWrites(List<JsonSourceView> sources) {
        List<String> out = new ArrayList<>();
        for (JsonSourceView v : sources) {
            try {
                JsonDrain.lateWrites(v).forEach((file, how) -> out.add(v.source() + "/" + file + " " + how
                        + " after writes were switched to Postgres: this late write is NOT migrated (the file keeps it)"));
            } catch (java.io.IOException e) {
                out.add(v.source() + ": cannot check for late writes: " + e.getMessage());
            }
        }
        return out;
    }

    private static Long jsonCount(List<JsonSourceView> sources, String source, String table) {
        for (JsonSourceView v : sources) {
            if (v.source().equals(source)) {
                try {
                    var file = v.fileOf(table);
                    return file.isEmpty() ? 0L : (long) v.read(file.get()).tables().getOrDefault(table, Map.of()).size();
                } catch (java.io.IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static long count(Connection c, String qualified) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + qualified)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Long sqliteCount(Path db, String table) {
        try (Connection c = SqliteFence.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + Identifiers.quote(table))) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
