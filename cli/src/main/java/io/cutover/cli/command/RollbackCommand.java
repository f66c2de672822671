package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.cli.control.ReverseVerification;
import io.cutover.control.CutoverController;
import io.cutover.control.CutoverState;
import io.cutover.control.Phase;
import io.cutover.reverse.ReverseRollback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;

@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Go back to the source.",
                "",
                "Before writes were switched: reads go back to SQLite.",
                "After writes were switched, with reverse.enabled: Postgres's migrated tables refuse writes and "
                        + "GET /v1/routing says writes=frozen; the reverse path is drained until every write made on "
                        + "Postgres is in the SQLite files; every table is verified; the replication slot is dropped, "
                        + "the sources unfenced and reads and writes go back to them. The freeze is measured like the "
                        + "write switch's. Any failure before the slot is dropped leaves writes on Postgres, unfrozen.",
                "Without reverse replication, a rollback after the switch is refused: it would lose those writes."},
        footer = {"", "Example:", "  cutover rollback --execute"})
public final class RollbackCommand extends ControlCommand {
    @Option(names = "--execute", description = "Roll back for real; without it, say what it would do.")
    boolean execute;

    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        var controller = ctx.controller();
        Phase phase = controller.state().phase();
        boolean reverse = phase == Phase.WRITES_ON_POSTGRES && ctx.config().reverse().enabled();
        if (!execute) {
            out.printf("phase %s.%n", phase.code());
            if (reverse) {
                out.println("Would: fence Postgres (routing: writes frozen); drain the reverse path (at most "
                        + ctx.config().reverse().drainTimeout().toSeconds() + " s); verify every table; drop slot "
                        + ctx.config().reverse().slotName() + "; unfence the sources; record capturing.");
            }
            out.println("Run again with --execute to roll back.");
            return ExitCode.OK;
        }
        if (reverse) {
            CutoverController.SwitchReport r = new ReverseRollback(ctx.pool(), ctx.admin(), ctx.reverseSettings())
                    .rollback(ControlContext.who(), new ReverseVerification(ctx), () -> { });
            r.steps().forEach(s -> out.println("  " + s));
            out.printf(Locale.ROOT, "Rolled back: reads and writes are on the source. Write freeze: %.3f s.%n", r.freezeSeconds());
            return ExitCode.OK;
        }
        CutoverState s = controller.rollback(ControlContext.who());
        out.printf("Rolled back: phase %s; apps following GET /v1/routing read and write the source.%n", s.phase().code());
        return ExitCode.OK;
    }
}
