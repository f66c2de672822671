package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "rollback", description = "Return reads (and, with reverse replication, writes) to the source (needs --execute).")
public final class RollbackCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "rollback to the source";
    }
}
