package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "resnapshot", description = "Re-read a source table in full and re-emit every row (needs --execute).")
public final class ResnapshotCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "resnapshotting one table";
    }
}
