package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import io.cutover.cli.control.ControlContext;
import io.cutover.cli.run.ConfigOptions;
import io.cutover.control.ControlException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of the operator commands that steer a running pipeline: they load the configuration, connect
 * to its Postgres and Kafka, and turn a refusal ({@link ControlException}: not ready, wrong phase, a
 * failed switch) into exit code 1 with its reason on stderr.
 */
abstract class ControlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    abstract int run(ControlContext ctx, PrintWriter out) throws Exception;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ControlContext ctx = ControlContext.open(options.load())) {
            return run(ctx, out);
        } catch (ControlException e) {
            out.flush();
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return ExitCode.CHECK_FAILED;
        } finally {
            out.flush();
        }
    }
}
