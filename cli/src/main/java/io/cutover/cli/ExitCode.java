package io.cutover.cli;

/** The CLI's exit codes; scripts rely on them (DESIGN.md section 4). */
public final class ExitCode {
    /** Done, or the check passed. */
    public static final int OK = 0;
    /** A check failed, e.g. verify found mismatches. */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or bad configuration; the message names the option or key and the fix. */
    public static final int USAGE = 2;
    /** The command exists but its capability has not been built yet; never a fake success. */
    public static final int NOT_AVAILABLE = 3;
    /** Any other failure while running. */
    public static final int FAILED = 4;

    private ExitCode() {
    }
}
