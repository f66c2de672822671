package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "switch-writes", description = "Fence the source, drain, verify and route writes to Postgres (needs --execute).")
public final class SwitchWritesCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "switching writes with a measured sub-second freeze";
    }
}
