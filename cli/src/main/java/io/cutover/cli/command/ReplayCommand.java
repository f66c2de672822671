package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.control.ControlException;
import io.cutover.control.MigratedTables;
import io.cutover.control.OffsetReplayer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a table's topic into Postgres by moving the applier's stored offsets.",
                "",
                "Prints the plan per partition (stored position -> new position); --execute stores it. A running "
                        + "applier notices within seconds and re-applies from there; nothing needs stopping. Safe to "
                        + "repeat: each key ends at its latest change. Topics are compacted, so --to-earliest rebuilds a "
                        + "table that was truncated or damaged by hand."},
        footer = {"", "Examples:", "  cutover replay --table users --to-earliest --execute",
                "  cutover replay --table orders --by-duration PT2H", "  cutover replay --table orders --to-datetime 2026-11-22T10:00:00Z"})
public final class ReplayCommand extends ControlCommand {
    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "Source table name.")
    String table;

    @Option(names = "--source", paramLabel = "NAME", description = "Source name, when several sources have the table.")
    String source;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = "--execute", description = "Store the new positions; without it, print the plan only.")
    boolean execute;

    static final class Where {
        @Option(names = "--to-earliest", description = "From the beginning of the topic.")
        boolean earliest;
        @Option(names = "--to-datetime", paramLabel = "ISO", description = "From the first change at or after this instant, e.g. 2026-11-22T10:00:00Z.")
        Instant at;
        @Option(names = "--by-duration", paramLabel = "ISO", description = "From this long ago, e.g. PT2H.")
        Duration back;
        @Option(names = "--to-offset", paramLabel = "N", description = "From this offset in every partition.")
        Long offset;

        OffsetReplayer.Target target() {
            if (earliest) return new OffsetReplayer.Target.Earliest();
            if (at != null) return new OffsetReplayer.Target.AtTime(at);
            if (back != null) return new OffsetReplayer.Target.Back(back);
            return new OffsetReplayer.Target.Offset(offset);
        }
    }

    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        List<MigratedTables.Table> found;
        try (Connection c = ctx.pool().getConnection()) {
            ctx.control().ensure(c);
            found = MigratedTables.load(c, ctx.control()).named(table, source);
        }
        if (found.isEmpty()) {
            throw new ControlException("no migrated table '" + table + "'" + (source == null ? "" : " in source " + source)
                    + ": the applier records a table when it first applies it; check the name with `cutover status`");
        }
        if (found.size() > 1) {
            throw new ControlException("several sources have a table '" + table + "': add --source "
                    + String.join(" or --source ", found.stream().map(MigratedTables.Table::source).toList()));
        }
        String topic = found.get(0).topic();
        String group = ctx.config().applier().groupId();
        OffsetReplayer replayer = new OffsetReplayer(ctx.admin(), ctx.pool(), ctx.control(), group);
        List<OffsetReplayer.Move> plan = replayer.plan(topic, where.target());
        out.printf("%-40s %9s %12s %12s%n", "TOPIC", "PARTITION", "STORED", "NEW");
        for (OffsetReplayer.Move m : plan) {
            out.printf("%-40s %9d %12s %12d%n", m.partition().topic(), m.partition().partition(),
                    m.from() == null ? "-" : m.from().toString(), m.to());
        }
        if (!execute) {
            out.println("Dry run: nothing changed. Run again with --execute to store these positions for group " + group + ".");
            return ExitCode.OK;
        }
        replayer.execute(plan);
        out.println("Stored. The applier of group " + group + " replays from these positions within seconds.");
        return ExitCode.OK;
    }
}
