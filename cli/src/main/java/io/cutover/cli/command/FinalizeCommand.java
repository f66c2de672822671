package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.reverse.Finalizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "finalize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End the migration once writes are on Postgres for good.",
                "",
                "Drops the reverse path's replication slot and publication, removes Cutover's triggers, fence, "
                        + "changelog and other _cutover_ tables from every SQLite source, and records the phase "
                        + "finalized with a summary. Stop `cutover run` first (finalize refuses while the slot is in "
                        + "use). There is no rollback after it."},
        footer = {"", "Example:", "  cutover finalize            # the plan, nothing changed", "  cutover finalize --execute"})
public final class FinalizeCommand extends ControlCommand {
    @Option(names = "--execute", description = "Finalize for real; without it, print the plan.")
    boolean execute;

    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        List<String> lines = new Finalizer(ctx.pool(), ctx.reverseSettings()).finalizeMigration(ControlContext.who(), execute);
        out.println(execute ? "Finalized:" : "Would:");
        lines.forEach(l -> out.println("  " + l));
        if (!execute) {
            out.println("Run again with --execute to do it.");
        }
        return ExitCode.OK;
    }
}
