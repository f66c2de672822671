package io.cutover.cli;

import io.cutover.cli.command.ApplyCommand;
import io.cutover.cli.command.CaptureCommand;
import io.cutover.cli.demo.DemoCommand;
import io.cutover.cli.command.DlqCommand;
import io.cutover.cli.command.FinalizeCommand;
import io.cutover.cli.command.FlipReadsCommand;
import io.cutover.cli.command.ReconcileCommand;
import io.cutover.cli.command.ReplayCommand;
import io.cutover.cli.command.ResnapshotCommand;
import io.cutover.cli.command.RollbackCommand;
import io.cutover.cli.command.StatusCommand;
import io.cutover.cli.command.SwitchWritesCommand;
import io.cutover.cli.command.VerifyCommand;
import io.cutover.cli.run.RunCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code cutover} command: every operator action, and the all-in-one {@code run}. */
@Command(name = "cutover", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
                "Migrate a live application from SQLite and JSON files to PostgreSQL with zero downtime.",
                "",
                "Changes are captured into Kafka, applied to Postgres in order exactly once, compared "
                        + "continuously, and cut over with a measured sub-second write freeze."},
        subcommands = {RunCommand.class, CaptureCommand.class, ApplyCommand.class, ReconcileCommand.class,
                VerifyCommand.class, StatusCommand.class, FlipReadsCommand.class, SwitchWritesCommand.class,
                RollbackCommand.class, FinalizeCommand.class, ReplayCommand.class, DlqCommand.class, ResnapshotCommand.class,
                DemoCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a check failed, 2 bad usage or configuration, "
                + "3 not available yet, 4 failure.",
                "Run 'cutover COMMAND --help' for a command's options."})
public final class CutoverCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
