package io.cutover.cli;

import java.util.List;
import java.util.Map;

/**
 * What each command does to the world, declared once. A state-changing command (or option) needs
 * {@code --execute} and is a dry run without it, printing its plan; a service changes state by
 * running, so starting it is the request; a read-only command changes nothing the migration depends on
 * (a verification records its result, which the readiness gate reads). A new command must be
 * added here: {@code CommandKindsTest} walks every picocli subcommand and fails on one that is not,
 * and {@code DryRunIT} runs every state-changing entry without {@code --execute} against a running
 * pipeline and finds nothing changed.
 */
public final class CommandKinds {
    /** How a command affects state. */
    public enum Kind { READ_ONLY, SERVICE, STATE_CHANGING }

    /**
     * Every command by its path ({@code "dlq replay"}); a read-only command with a state-changing option
     * is listed under its option too ({@code "verify --repair"}).
     */
    public static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("run", Kind.SERVICE),
            Map.entry("capture", Kind.SERVICE),
            Map.entry("capture --uninstall", Kind.STATE_CHANGING),
            Map.entry("apply", Kind.SERVICE),
            Map.entry("reconcile", Kind.SERVICE),
            Map.entry("demo", Kind.SERVICE),
            Map.entry("verify", Kind.READ_ONLY),
            Map.entry("verify --repair", Kind.STATE_CHANGING),
            Map.entry("status", Kind.READ_ONLY),
            Map.entry("dlq", Kind.READ_ONLY),
            Map.entry("dlq list", Kind.READ_ONLY),
            Map.entry("dlq replay", Kind.STATE_CHANGING),
            Map.entry("flip-reads", Kind.STATE_CHANGING),
            Map.entry("switch-writes", Kind.STATE_CHANGING),
            Map.entry("rollback", Kind.STATE_CHANGING),
            Map.entry("finalize", Kind.STATE_CHANGING),
            Map.entry("replay", Kind.STATE_CHANGING),
            Map.entry("resnapshot", Kind.STATE_CHANGING));

    private CommandKinds() {
    }

    /** The entries that need {@code --execute}, each as its command path and words. */
    public static List<String> stateChanging() {
        return KINDS.entrySet().stream().filter(e -> e.getValue() == Kind.STATE_CHANGING).map(Map.Entry::getKey)
                .sorted().toList();
    }
}
