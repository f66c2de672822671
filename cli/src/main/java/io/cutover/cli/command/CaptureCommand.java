package io.cutover.cli.command;

import io.cutover.capture.CaptureRunner;
import io.cutover.cli.ExitCode;
import io.cutover.cli.run.ConfigOptions;
import io.cutover.cli.run.LocalRuntime;
import io.cutover.cli.run.CaptureStarter;
import io.cutover.core.config.CutoverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cutover capture}: capture only, or remove capture's traces from the source files. */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture every change of the configured SQLite files and JSON data directories into Kafka "
                + "until stopped.",
                "",
                "Installs AFTER INSERT/UPDATE/DELETE triggers and a _cutover_changes key changelog in each "
                        + "SQLite file, snapshots every table in short key-ordered chunks, then streams the changelog. "
                        + "JSON directories are watched; each settled file is diffed by key against its last state. "
                        + "With --uninstall it removes the triggers and the changelog (and capture's own state) again."},
        footer = {"", "Examples:", "  cutover capture --sqlite ./app.db --kafka broker:9092",
                "  cutover capture --json-dir ./data --kafka broker:9092",
                "  cutover capture --sqlite ./app.db --uninstall            # prints the plan",
                "  cutover capture --sqlite ./app.db --uninstall --execute  # does it"})
public final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--uninstall", description = "Remove Cutover's triggers and changelog from the SQLite files "
            + "(a dry run that prints the plan unless --execute).")
    boolean uninstall;

    @Option(names = "--execute", description = "Carry out a state-changing action instead of printing the plan.")
    boolean execute;

    @Override
    public Integer call() throws Exception {
        CutoverConfig cfg = options.load();
        PrintWriter out = spec.commandLine().getOut();
        if (uninstall) {
            List<String> plan = CaptureStarter.uninstall(cfg, execute);
            plan.forEach(out::println);
            out.println(execute ? "Done: the SQLite files are as they were before capture."
                    : "Dry run: nothing changed. Add --execute to do this.");
            return ExitCode.OK;
        }
        if (execute) {
            spec.commandLine().getErr().println("cutover capture: --execute only applies to --uninstall");
            return ExitCode.USAGE;
        }
        try (LocalRuntime rt = LocalRuntime.start(cfg, false)) {
            out.printf("Kafka     %s%n", rt.bootstrap());
            out.printf("Metrics   http://%s:%d/metrics%n", cfg.http().bind(), rt.http().port());
            CaptureRunner capture = CaptureStarter.start(cfg, rt).orElse(null);
            if (capture == null) {
                spec.commandLine().getErr().println("cutover capture: no source configured: pass --sqlite FILE or "
                        + "--json-dir DIR, or list sources in cutover.yml");
                return ExitCode.USAGE;
            }
            out.println("Capturing. Stop with Ctrl-C.");
            out.flush();
            rt.blockUntilStopped();
        }
        return ExitCode.OK;
    }
}
