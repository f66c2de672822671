package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "capture", description = "Capture every change of the configured SQLite files and JSON files into Kafka.")
public final class CaptureCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "capturing SQLite files (triggers) and JSON files (watch and diff) into Kafka";
    }
}
