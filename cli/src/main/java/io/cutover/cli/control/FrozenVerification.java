package io.cutover.cli.control;

import io.cutover.cli.run.ReconcilerStarter;
import io.cutover.control.ControlException;
import io.cutover.control.CutoverController;
import io.cutover.control.ReconcileFacts;
import io.cutover.reconciler.Difference;
import io.cutover.reconciler.ReconcileSession;
import io.cutover.reconciler.Verification;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The write switch's check while the sources are fenced and the pipeline drained: every key changed
 * since the last clean full reconcile pass began is compared on both sides (nothing is in flight,
 * so any difference is real). Without a clean pass on record, a full verification runs instead.
 */
public final class FrozenVerification implements CutoverController.FrozenCheck {
    private final ControlContext ctx;
    private int checked;
    private String scope = "";

    public FrozenVerification(ControlContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void check() throws Exception {
        ReconcileFacts facts;
        try (Connection c = ctx.pool().getConnection()) {
            facts = ReconcileFacts.read(c, ctx.control());
        }
        var settings = ReconcilerStarter.settings(ctx.config(), ctx.bootstrap(), ctx.postgres());
        List<Difference> diffs;
        if (facts.lastCleanFullPassStarted() == null) {
            Verification.Result r = Verification.run(settings, t -> true, Duration.ofSeconds(10), false);
            diffs = r.confirmed();
            scope = "a full verification (no clean reconcile pass on record)";
            if (!r.unsettled().isEmpty() || !r.tablesNotInPostgres().isEmpty()) {
                throw new ControlException("the verification did not settle: " + r.unsettled().size()
                        + " keys unsettled, tables not in Postgres: " + r.tablesNotInPostgres());
            }
        } else {
            Instant since = facts.lastCleanFullPassStarted();
            try (ReconcileSession session = new ReconcileSession(settings.withRepair(false))) {
                diffs = session.differencesInKeysChangedSince(since);
            }
            scope = "the keys changed since the last clean pass began (" + since + ")";
        }
        if (!diffs.isEmpty()) {
            throw new ControlException(diffs.size() + " keys differ between the source and Postgres, e.g. "
                    + diffs.stream().limit(5).map(d -> d.table().label() + " " + d.keyMap() + " (" + d.kind().label() + ")")
                    .collect(Collectors.joining(", ")) + "; run `cutover verify --json`");
        }
    }

    /** What the check compared, for the report. */
    public String scope() {
        return scope;
    }
}
