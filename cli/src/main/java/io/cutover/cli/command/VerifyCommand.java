package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "verify", description = "One full comparison pass; exit 0 when in sync, 1 when not.")
public final class VerifyCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "one full reconcile pass with a report and --json";
    }
}
