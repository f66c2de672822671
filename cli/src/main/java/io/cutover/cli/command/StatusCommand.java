package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "status", description = "Show per-table lag, reconcile results, the phase and what blocks the next one.")
public final class StatusCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "per-table status and the readiness gate";
    }
}
