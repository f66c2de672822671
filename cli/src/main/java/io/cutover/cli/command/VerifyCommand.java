package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.run.ConfigOptions;
import io.cutover.cli.run.ReconcilerStarter;
import io.cutover.core.config.ConfigException;
import io.cutover.core.config.ConfigType;
import io.cutover.core.config.CutoverConfig;
import io.cutover.reconciler.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cutover verify}: one full pass over every table; exit 0 in sync, 1 not. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One full comparison pass; exit 0 when in sync, 1 when not.",
                "",
                "Compares every table the applier has created with its source, in key order, the way the applier "
                        + "converts values. A difference is confirmed only once the pipeline has carried every change "
                        + "made before it was seen into Postgres and it still differs; differences the pipeline did "
                        + "not pass within --settle-timeout are reported as unsettled (not in sync).",
                "",
                "--repair prints what it would re-emit through capture; --repair --execute does it."},
        footer = {"", "Examples:", "  cutover verify --sqlite app.db --postgres postgres://app@db/app --kafka broker:9092",
                "  cutover verify --json --limit 5", "  cutover verify --repair --execute"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Keys listed per kind (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--table", paramLabel = "TABLE", description = "Only this source table (repeatable).")
    List<String> tables;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the pipeline to pass in-flight differences (default ${DEFAULT-VALUE}).")
    String settleTimeout;

    @Option(names = "--repair", description = "Re-emit the source rows of confirmed mismatches through capture (with --execute).")
    boolean repair;

    @Option(names = "--execute", description = "Carry out --repair; without it, print the plan only.")
    boolean execute;

    @Override
    public Integer call() throws Exception {
        CutoverConfig cfg = options.load();
        Duration settle;
        try {
            settle = (Duration) ConfigType.DURATION.parse(settleTimeout);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--settle-timeout", e.getMessage());
        }
        var settings = ReconcilerStarter.settings(cfg, ReconcilerStarter.runningBootstrap(cfg),
                ReconcilerStarter.runningPostgres(cfg));
        Verification.Result r = Verification.run(settings, t -> tables == null || tables.contains(t), settle,
                repair && execute);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(VerifyReport.json(r, limit, repair, execute));
        } else {
            VerifyReport.human(r, limit, repair, execute, out);
        }
        out.flush();
        return r.inSync() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
