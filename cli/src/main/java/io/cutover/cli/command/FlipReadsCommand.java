package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "flip-reads", description = "Route reads to Postgres once the readiness gate allows it (needs --execute).")
public final class FlipReadsCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "flipping reads through the routing endpoint";
    }
}
