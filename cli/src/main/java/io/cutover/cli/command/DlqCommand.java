package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "dlq", description = "List or replay dead-lettered records.")
public final class DlqCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "listing and replaying the dead-letter topic";
    }
}
