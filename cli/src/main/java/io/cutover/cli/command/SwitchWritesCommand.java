package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.cli.control.FrozenVerification;
import io.cutover.control.ControlException;
import io.cutover.control.CutoverController;
import io.cutover.control.MigratedTables;
import io.cutover.reverse.JsonWriteBack;
import io.cutover.reverse.ReplicationSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;

@Command(name = "switch-writes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Move the app's writes to Postgres with a short freeze.",
                "",
                "Fences every SQLite source (its writes fail with a message naming Cutover), waits until capture has "
                        + "sent and the applier has applied every change, compares every key changed since the last clean "
                        + "reconcile pass on both sides, continues every autoincrement id in a Postgres "
                        + "sequence, enforces unique indexes and foreign keys, then records writes on Postgres "
                        + "(GET /v1/routing answers writes=postgres). The freeze, fence to flip, is measured and "
                        + "exported as cutover_write_freeze_seconds. On any failure the sources are unfenced and "
                        + "writes stay on the source, with the reason.",
                "",
                "With reverse.enabled, the replication slot and publication of reverse replication are created "
                        + "while writes are frozen (their preconditions are checked before anything is fenced), so "
                        + "every write made on Postgres afterwards can be written back and `cutover rollback` loses none.",
                "",
                "Needs reads flipped first, `cutover run` running for the sources, and this command run where the "
                        + "SQLite files are."},
        footer = {"", "Example:", "  cutover switch-writes            # the plan, nothing changed",
                "  cutover switch-writes --execute"})
public final class SwitchWritesCommand extends ControlCommand {
    @Option(names = "--execute", description = "Switch for real; without it, print the plan.")
    boolean execute;


    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        CutoverController controller = ctx.controller();
        Duration drainTimeout = controller.settings().drainTimeout();
        var sources = controller.settings().sqliteSources();
        if (!execute) {
            out.printf("phase %s%n", controller.state().phase().code());
            out.println("Would: fence " + (sources.isEmpty() ? "no SQLite source" : String.join(", ", sources.keySet()))
                    + "; drain capture and the applier (at most " + drainTimeout.toSeconds() + " s); compare the keys "
                    + "changed since the last clean reconcile pass; set sequences past "
                    + "the migrated ids; enforce unique indexes and foreign keys; "
                    + (ctx.config().reverse().enabled() ? "create replication slot " + ctx.config().reverse().slotName()
                    + " for reverse replication; " : "") + "record writes on Postgres.");
            out.println("Run again with --execute to do it.");
            return ExitCode.OK;
        }
        FrozenVerification check = new FrozenVerification(ctx);
        CutoverController.FrozenCheck checks = check;
        if (ctx.config().reverse().enabled()) {
            ReplicationSetup setup = new ReplicationSetup(ctx.control(), ctx.config().reverse().slotName(),
                    ctx.config().reverse().publication());
            try (Connection c = ctx.pool().getConnection()) {
                setup.preflight(c); // before the fence: a missing precondition must not cost a freeze
            }
            for (var view : controller.settings().jsonSources()) {
                String why = JsonWriteBack.unsupported(view);
                if (why != null) {
                    throw new ControlException("reverse replication cannot write back " + why);
                }
            }
            checks = () -> {
                check.check();
                try (Connection c = ctx.pool().getConnection()) {
                    setup.create(c, MigratedTables.load(c, ctx.control()))
                            .forEach(line -> out.println("  reverse replication: " + line));
                }
            };
        }
        CutoverController.SwitchReport r = controller.switchWrites(ControlContext.who(), checks);
        r.steps().forEach(s -> out.println("  " + s));
        out.println("  verified " + check.scope());
        out.printf(Locale.ROOT, "Writes are on Postgres. Write freeze: %.3f s.%n", r.freezeSeconds());
        return ExitCode.OK;
    }
}
