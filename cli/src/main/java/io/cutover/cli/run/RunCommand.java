package io.cutover.cli.run;

import io.cutover.cli.ExitCode;
import io.cutover.core.config.CutoverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cutover run}: the whole pipeline in one process, on the embedded defaults unless configured. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole pipeline in one process until stopped (Ctrl-C or SIGTERM).",
                "",
                "With no configuration it starts a single-node Kafka broker under the state directory; "
                        + "with --postgres local it also creates or reuses a Postgres cluster there."},
        footer = {"", "Example:", "  cutover run --sqlite ./app.db --postgres local",
                "  cutover run -c cutover.yml", "", "Every key, with its default: docs/CONFIGURATION.md"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        CutoverConfig cfg = options.load();
        PrintWriter out = spec.commandLine().getOut();
        try (LocalRuntime rt = LocalRuntime.start(cfg, true)) {
            out.printf("Kafka     %s%s%n", rt.bootstrap(), cfg.kafka().embedded() ? "  (embedded, log in "
                    + cfg.stateDir().resolve("kafka") + ")" : "");
            out.printf("Postgres  %s%n", rt.postgres());
            out.printf("Metrics   http://%s:%d/metrics  (/livez, /readyz)%n", cfg.http().bind(), rt.http().port());
            PipelineComponents.startAll(cfg, rt, out);
            out.println("Running. Stop with Ctrl-C.");
            out.flush();
            rt.blockUntilStopped();
        }
        return ExitCode.OK;
    }
}
