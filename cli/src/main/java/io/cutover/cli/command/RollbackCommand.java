package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.control.CutoverState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Go back to the source: reads back to SQLite before writes were switched.",
                "",
                "After writes were switched, going back would lose every write made on Postgres unless reverse "
                        + "replication keeps the source current; that is not built yet, so it is refused with the reason."},
        footer = {"", "Example:", "  cutover rollback --execute"})
public final class RollbackCommand extends ControlCommand {
    @Option(names = "--execute", description = "Roll back for real; without it, say what it would do.")
    boolean execute;

    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        var controller = ctx.controller();
        if (!execute) {
            out.printf("phase %s. Run again with --execute to roll back.%n", controller.state().phase().code());
            return ExitCode.OK;
        }
        CutoverState s = controller.rollback(ControlContext.who());
        out.printf("Rolled back: phase %s; apps following GET /v1/routing read and write the source.%n", s.phase().code());
        return ExitCode.OK;
    }
}
