package io.cutover.reconciler;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code cutover verify}: one full pass, then rechecks of its suspects until none is left or
 * {@code settleTimeout} passes (the pipeline must carry in-flight changes into Postgres first).
 */
public final class Verification {
    /**
     * The outcome. In sync means no confirmed mismatch and no suspect left: a suspect the pipeline
     * did not pass in time cannot be proven equal.
     */
    public record Result(long compared, List<Difference> confirmed, List<Difference> unsettled, List<Repairer.Plan> repairs,
                         List<String> tablesNotInPostgres) {
        public boolean inSync() {
            return confirmed.isEmpty() && unsettled.isEmpty() && tablesNotInPostgres.isEmpty();
        }
    }

    private Verification() {
    }

    /**
     * @param repair re-emit the confirmed mismatches through capture (the returned plans say what was done)
     */
    public static Result run(ReconcilerSettings s, Predicate<String> tables, Duration settleTimeout, boolean repair)
            throws SQLException, InterruptedException {
        try (ReconcileSession session = new ReconcileSession(s.withRepair(false))) {
            long started = System.currentTimeMillis();
            long n = session.fullPass(tables);
            long deadline = System.nanoTime() + settleTimeout.toNanos();
            session.settle();
            while (!session.suspects().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100); // waiting on the pipeline: capture polls, the applier commits
                session.settle();
            }
            List<Difference> confirmed = session.confirmed();
            List<Difference> unsettled = session.suspects();
            List<Repairer.Plan> plans = confirmed.stream().map(Repairer::plan).toList();
            session.storeRun("verify", started, n);
            if (repair) {
                session.repair(confirmed);
            }
            return new Result(n, confirmed, unsettled, plans, session.unmappedTables());
        }
    }
}
