package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.run.ConfigOptions;
import io.cutover.cli.run.LocalRuntime;
import io.cutover.cli.run.ReconcilerStarter;
import io.cutover.core.config.CutoverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cutover reconcile}: the continuous reconciler alone, next to capture and applier processes. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare source and Postgres continuously and report confirmed mismatches.",
                "",
                "Every reconciler.interval, differences the pipeline has passed are rechecked; every "
                        + "reconciler.full-pass-interval, every table is compared. Results go to "
                        + "<control-schema>.reconcile_runs and reconcile_mismatches, and to /metrics "
                        + "(cutover_reconcile_*)."},
        footer = {"", "Example:", "  cutover reconcile --sqlite app.db --kafka broker:9092 --postgres postgres://app@db/app"})
public final class ReconcileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--repair", description = "Re-emit confirmed mismatches through capture (as reconciler.repair: true).")
    boolean repair;

    @Override
    public Integer call() throws Exception {
        CutoverConfig cfg = options.load();
        PrintWriter out = spec.commandLine().getOut();
        try (LocalRuntime rt = LocalRuntime.start(cfg, true)) {
            out.printf("Kafka     %s%nPostgres  %s%nMetrics   http://%s:%d/metrics%n", rt.bootstrap(), rt.postgres(),
                    cfg.http().bind(), rt.http().port());
            ReconcilerStarter.start(cfg, rt, repair);
            out.println("Reconciling" + (repair || cfg.reconciler().repair() ? " with repair" : "") + ". Stop with Ctrl-C.");
            out.flush();
            rt.blockUntilStopped();
        }
        return ExitCode.OK;
    }
}
