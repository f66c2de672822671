package io.cutover.cli.command;

import io.cutover.capture.json.JsonSourceView;
import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.control.ControlException;
import io.cutover.control.MigratedTables;
import io.cutover.control.Recapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

@Command(name = "resnapshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-read a table in full and re-emit every row through capture.",
                "",
                "SQLite: writes one changelog entry per row (10,000 per short write transaction), exactly as the "
                        + "triggers would. JSON files: leaves a request that capture serves from its last state of the "
                        + "file. Either way the rows travel through capture, Kafka and the applier in order with the "
                        + "app's changes. Use it after repairing data by hand or changing a column type. Needs --execute."},
        footer = {"", "Example:", "  cutover resnapshot --table users --execute"})
public final class ResnapshotCommand extends ControlCommand {
    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "Source table name.")
    String table;

    @Option(names = "--source", paramLabel = "NAME", description = "Source name, when several sources have the table.")
    String source;

    @Option(names = "--execute", description = "Queue the rows; without it, say what would be done.")
    boolean execute;

    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        ctx.controller().requireWritesOnSource("resnapshot");
        List<MigratedTables.Table> found;
        try (Connection c = ctx.pool().getConnection()) {
            ctx.control().ensure(c);
            found = MigratedTables.load(c, ctx.control()).named(table, source);
        }
        if (found.size() != 1) {
            throw new ControlException(found.isEmpty() ? "no migrated table '" + table + "'; check the name with `cutover status`"
                    : "several sources have a table '" + table + "': add --source");
        }
        MigratedTables.Table t = found.get(0);
        Path db = ctx.controller().settings().sqliteSources().get(t.source());
        if (db == null) {
            return json(ctx, t, out);
        }
        if (!execute) {
            out.printf("Would re-emit every row of %s.%s (%s) through capture. Run again with --execute.%n",
                    t.source(), t.sourceTable(), db);
            return ExitCode.OK;
        }
        long n = Recapture.table(db, t);
        out.printf("Queued %d rows of %s.%s in the changelog; capture re-emits them now.%n", n, t.source(), t.sourceTable());
        return ExitCode.OK;
    }

    private int json(ControlContext ctx, MigratedTables.Table t, PrintWriter out) throws Exception {
        JsonSourceView view = ctx.controller().settings().jsonSources().stream().filter(v -> v.source().equals(t.source()))
                .findFirst().orElseThrow(() -> new ControlException(t.source() + " is not a source in this configuration"));
        if (!execute) {
            out.printf("Would re-emit every row of %s.%s from capture's last state of its JSON file. Run again with "
                    + "--execute.%n", t.source(), t.sourceTable());
            return ExitCode.OK;
        }
        String id = view.requestResnapshot(t.sourceTable());
        out.printf("Asked capture to re-emit every row of %s.%s (request %s in %s); a running capture serves it "
                + "within a poll.%n", t.source(), t.sourceTable(), id, view.stateDir());
        return ExitCode.OK;
    }
}
