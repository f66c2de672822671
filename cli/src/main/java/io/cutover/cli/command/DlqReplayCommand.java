package io.cutover.cli.command;

import picocli.CommandLine.Command;

/** Waits for the path that re-captures keys from the source, shared with the reconciler's repair. */
@Command(name = "replay", description = "Re-capture the dead-lettered keys from the source (needs --execute).")
final class DlqReplayCommand extends NotYetAvailable {
    @Override
    String plannedCapability() {
        return "re-capturing dead-lettered keys from the source";
    }
}
