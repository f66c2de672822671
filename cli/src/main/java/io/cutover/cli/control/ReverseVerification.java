package io.cutover.cli.control;

import io.cutover.cli.run.ReconcilerStarter;
import io.cutover.control.ControlException;
import io.cutover.control.CutoverController;
import io.cutover.reconciler.Verification;

import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The rollback's check once the reverse path is drained: a full verification of every table. The
 * write switch's cheaper check (keys changed on the forward topics since a clean pass) would miss
 * what changed on Postgres, which travelled on the reverse topics.
 */
public final class ReverseVerification implements CutoverController.FrozenCheck {
    private final ControlContext ctx;

    public ReverseVerification(ControlContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void check() throws Exception {
        var settings = ReconcilerStarter.settings(ctx.config(), ctx.bootstrap(), ctx.postgres());
        Verification.Result r = Verification.run(settings, t -> true, Duration.ofSeconds(10), false);
        if (!r.confirmed().isEmpty() || !r.unsettled().isEmpty()) {
            throw new ControlException(r.confirmed().size() + " keys differ and " + r.unsettled().size()
                    + " did not settle between the source and Postgres, e.g. " + r.confirmed().stream().limit(5)
                    .map(d -> d.table().label() + " " + d.keyMap()).collect(Collectors.joining(", "))
                    + "; run `cutover verify --json`");
        }
    }
}
