package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "apply", description = "Consume the change topics and upsert into Postgres, in order, exactly once.")
public final class ApplyCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "applying change topics to Postgres with offsets stored in Postgres";
    }
}
