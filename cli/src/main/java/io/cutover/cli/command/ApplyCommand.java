package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.run.ApplierStarter;
import io.cutover.cli.run.ConfigOptions;
import io.cutover.cli.run.LocalRuntime;
import io.cutover.core.config.CutoverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cutover apply}: only the applier, e.g. several of them in one group next to a capture process. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Consume the change topics and upsert into Postgres, in order, exactly once, until stopped.",
                "",
                "Each poll's rows and the group's next offsets commit in one Postgres transaction "
                        + "(<control-schema>.applied_offsets); a restarted applier resumes there. Several appliers "
                        + "with the same applier.group-id share the partitions."},
        footer = {"", "Example:", "  cutover apply --kafka broker:9092 --postgres postgres://app@db/app"})
public final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        CutoverConfig cfg = options.load();
        PrintWriter out = spec.commandLine().getOut();
        try (LocalRuntime rt = LocalRuntime.start(cfg, true)) {
            out.printf("Kafka     %s%nPostgres  %s%nMetrics   http://%s:%d/metrics%n", rt.bootstrap(), rt.postgres(),
                    cfg.http().bind(), rt.http().port());
            ApplierStarter.start(cfg, rt);
            out.println("Applying. Stop with Ctrl-C.");
            out.flush();
            rt.blockUntilStopped();
        }
        return ExitCode.OK;
    }
}
