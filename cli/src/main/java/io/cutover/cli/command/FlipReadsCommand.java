package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.control.CutoverState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "flip-reads", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Route the app's reads to Postgres (GET /v1/routing answers reads=postgres).",
                "",
                "Only when the readiness gate passes (the applier at most cutover.max-lag-events behind on every table, "
                        + "a clean full reconcile pass within cutover.max-clean-pass-age, no confirmed mismatch), unless "
                        + "--force. "
                        + "Recorded in the control schema with who and when. Undo with `cutover rollback --execute`."},
        footer = {"", "Example:", "  cutover flip-reads            # says whether it would flip, changes nothing",
                "  cutover flip-reads --execute"})
public final class FlipReadsCommand extends ControlCommand {
    @Option(names = "--execute", description = "Flip for real; without it, only say whether the gate allows it.")
    boolean execute;

    @Option(names = "--force", description = "Flip even when the readiness gate does not pass.")
    boolean force;


    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        var controller = ctx.controller();
        if (!execute) {
            CutoverState s = controller.state();
            var blockers = controller.blockers();
            out.printf("phase %s%n", s.phase().code());
            blockers.forEach(b -> out.println("not ready: " + b));
            out.println(blockers.isEmpty() || force ? "Would flip reads to Postgres. Run again with --execute to do it."
                    : "Would refuse: not ready. Fix the above, or add --force.");
            return ExitCode.OK;
        }
        CutoverState s = controller.flipReads(force, ControlContext.who());
        out.printf("Reads are on Postgres (phase %s, by %s). Apps following GET /v1/routing now read Postgres.%n",
                s.phase().code(), s.changedBy());
        return ExitCode.OK;
    }
}
