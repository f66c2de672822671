package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "replay", description = "Move the applier's stored offsets of a table to replay its topic (dry run unless --execute).")
public final class ReplayCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "replaying topics by moving the offsets stored in Postgres";
    }
}
