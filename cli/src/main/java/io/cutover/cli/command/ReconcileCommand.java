package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "reconcile", description = "Compare source and Postgres continuously and report confirmed mismatches.")
public final class ReconcileCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "the continuous reconciler (compare both sides, confirm differences once the applier has passed them, optional repair)";
    }
}
