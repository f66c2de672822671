package io.cutover.control;

import io.cutover.core.control.ControlSchema;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether reads may flip to Postgres: the applier at most {@code maxLagEvents} behind on every table,
 * a clean full reconcile pass no older than {@code maxCleanPassAge}, and no confirmed mismatch. Each
 * unmet condition is a blocker in plain words, with the command that shows more.
 */
public record ReadinessGate(long maxLagEvents, Duration maxCleanPassAge) {

    public List<String> blockers(Connection c, ControlSchema control, Map<TopicPartition, Long> lag) throws SQLException {
        List<String> out = new ArrayList<>();
        MigratedTables tables = MigratedTables.load(c, control);
        if (tables.tables().isEmpty()) {
            out.add("no table has been applied yet: start `cutover run` with your sources");
        }
        for (MigratedTables.Table t : tables.tables()) {
            long behind = lag.entrySet().stream().filter(e -> e.getKey().topic().equals(t.topic()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (behind > maxLagEvents) {
                out.add(t.sourceTable() + ": the applier is " + behind + " events behind (the gate allows " + maxLagEvents
                        + "); is `cutover run` running?");
            }
        }
        ReconcileFacts facts = ReconcileFacts.read(c, control);
        facts.mismatchesByTable().forEach((table, m) -> out.add(table + ": " + m.count() + " mismatches confirmed "
                + ago(m.confirmedAt()) + "; run `cutover verify --json` to see them"));
        if (facts.lastCleanFullPass() == null) {
            out.add("no clean full reconcile pass yet: `cutover run` reconciles continuously, or run `cutover verify`");
        } else if (facts.lastCleanFullPass().isBefore(Instant.now().minus(maxCleanPassAge))) {
            out.add("the last clean full reconcile pass is " + ago(facts.lastCleanFullPass()) + ", older than "
                    + maxCleanPassAge.toMinutes() + " min: run `cutover verify`");
        }
        return out;
    }

    static String ago(Instant t) {
        long s = Math.max(0, Duration.between(t, Instant.now()).toSeconds());
        return s < 120 ? s + " s ago" : s < 7200 ? (s / 60) + " min ago" : (s / 3600) + " h ago";
    }
}
