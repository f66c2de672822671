package io.cutover.cli.command;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.control.DeadLetters;
import io.cutover.core.event.EnvelopeCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "dlq", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {DlqCommand.ListDeadLetters.class, DlqReplayCommand.class},
        description = {"The records the applier could not apply (<prefix>.dlq): list them, or replay them from the source "
                + "once the cause is fixed."},
        footer = {"", "Examples:", "  cutover dlq list", "  cutover dlq list --json", "  cutover dlq replay --execute"})
public final class DlqCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every dead letter: when, table, key, column and error, and where it came from.")
    static final class ListDeadLetters extends ControlCommand {
        @Option(names = "--json", description = "Print the list as JSON.")
        boolean json;

        @Override
        int run(ControlContext ctx, PrintWriter out) throws Exception {
            List<DeadLetters.Entry> all = DeadLetters.list(ctx.bootstrap(), ctx.config().kafka().properties(),
                    ctx.config().kafka().topicPrefix());
            if (json) {
                out.println(EnvelopeCodec.MAPPER.copy().findAndRegisterModules()
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writerWithDefaultPrettyPrinter().writeValueAsString(all));
                return ExitCode.OK;
            }
            if (all.isEmpty()) {
                out.println("No dead letters.");
                return ExitCode.OK;
            }
            for (DeadLetters.Entry e : all) {
                out.printf("%s  %s  key %s%s%n    %s (from %s-%d@%d)%n", e.at(), e.table(), e.key(),
                        e.column() == null ? "" : "  column " + e.column(), e.error(), e.originTopic(),
                        e.originPartition(), e.originOffset());
            }
            out.println(all.size() + " dead letters. Fix the cause (the value in the source, or a column type in "
                    + "postgres.column-types), then `cutover dlq replay --execute`.");
            return ExitCode.OK;
        }
    }
}
