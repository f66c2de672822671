package io.cutover.cli.command;

import io.cutover.cli.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Base of commands whose capability is not built yet: they exist so that {@code --help} shows the
 * whole tool, and they exit {@link ExitCode#NOT_AVAILABLE} with a plain statement instead of
 * pretending to succeed.
 */
abstract class NotYetAvailable implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> ignored;

    /** What the command will do, and which piece of work brings it. */
    abstract String plannedCapability();

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(spec.qualifiedName() + " is not available yet: "
                + plannedCapability() + ". See docs/ROADMAP.md.");
        return ExitCode.NOT_AVAILABLE;
    }
}
