package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.control.DeadLetters;
import io.cutover.control.MigratedTables;
import io.cutover.control.Recapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.List;

/** {@code cutover dlq replay}: re-capture the dead-lettered keys from the source, once the cause is fixed. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-capture every dead-lettered key from its SQLite source (its current row, or a delete), "
                + "through the changelog, in order with the app's changes. Fix the cause first (the value in the "
                + "source, or postgres.column-types); a record that still fails is dead-lettered again. Needs --execute."})
final class DlqReplayCommand extends ControlCommand {
    @Option(names = "--execute", description = "Re-capture; without it, say how many keys would be.")
    boolean execute;

    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        List<DeadLetters.Entry> all = DeadLetters.list(ctx.bootstrap(), ctx.config().kafka().properties(),
                ctx.config().kafka().topicPrefix());
        ctx.controller().requireWritesOnSource("dlq replay");
        if (!execute) {
            out.printf("%d dead letters. Run again with --execute to re-capture their keys from the source.%n", all.size());
            return ExitCode.OK;
        }
        MigratedTables tables;
        try (Connection c = ctx.pool().getConnection()) {
            tables = MigratedTables.load(c, ctx.control());
        }
        Recapture.Replayed r = Recapture.deadLetters(all, tables, ctx.controller().settings().sqliteSources(),
                ctx.controller().settings().jsonSources());
        out.printf("Re-captured %d keys from %d dead letters; capture re-emits them now.%n", r.keys(), all.size());
        r.skipped().forEach(s -> out.println("  skipped " + s));
        return ExitCode.OK;
    }
}
