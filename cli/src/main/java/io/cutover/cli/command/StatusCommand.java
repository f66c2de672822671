package io.cutover.cli.command;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.control.StatusReport;
import io.cutover.core.event.EnvelopeCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Where the migration stands: the phase, per table the rows on each side and the applier's lag, "
                + "and what blocks the next phase, in plain words."},
        footer = {"", "Examples:", "  cutover status", "  cutover status --json | jq .blockers"})
public final class StatusCommand extends ControlCommand {
    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;


    @Override
    int run(ControlContext ctx, PrintWriter out) throws Exception {
        var controller = ctx.controller();
        StatusReport r = StatusReport.build(controller, ctx.pool(), controller.settings().sqliteSources());
        ReverseStatus reverse = ctx.config().reverse().enabled() ? ReverseStatus.read(ctx) : null;
        if (json) {
            var mapper = EnvelopeCodec.MAPPER.copy().findAndRegisterModules()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(r);
            if (reverse != null) {
                tree.set("reverse", mapper.valueToTree(reverse));
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
            return ExitCode.OK;
        }
        out.printf("Phase     %s (recorded %s by %s)%n", r.phase(), r.state().changedAt(), r.state().changedBy());
        if (r.state().freezeSeconds() != null) {
            out.printf("Freeze    %.3f s (the last write switch)%n", r.state().freezeSeconds());
        }
        out.printf("%n%-12s %-24s %12s %12s %10s%n", "SOURCE", "TABLE", "SOURCE ROWS", "PG ROWS", "LAG");
        for (StatusReport.TableStatus t : r.tables()) {
            out.printf("%-12s %-24s %12s %12d %10d%n", t.source(), t.table(),
                    t.sourceRows() == null ? "-" : t.sourceRows().toString(), t.targetRows(), t.lagEvents());
        }
        if (reverse != null) {
            out.printf("%nReverse   %s%n", reverse.describe());
        }
        out.printf("%nNext      %s%n", r.next());
        if (r.blockers().isEmpty()) {
            out.println("Blocked   nothing");
        }
        r.blockers().forEach(b -> out.println("Blocked   " + b));
        r.warnings().forEach(w -> out.println("Warning   " + w));
        return ExitCode.OK;
    }
}
