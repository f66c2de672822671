package io.cutover.cli.command;

import picocli.CommandLine.Command;

@Command(name = "demo", description = "Migrate a sample application database and data/ directory on the embedded defaults.")
public final class DemoCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "the end-to-end demo on a sample database and data directory";
    }
}
