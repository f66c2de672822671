package io.cutover.cli;

import io.cutover.cli.run.ConfigOptions;
import io.cutover.core.config.ConfigException;
import io.cutover.core.log.Secrets;
import picocli.CommandLine;

/** Entry point of {@code bin/cutover}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; tests call this directly. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new CutoverCommand());
        declareConfigFlags(cl);
        cl.setExitCodeExceptionMapper(e -> ExitCode.FAILED);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            ConfigException config = find(ex, ConfigException.class);
            if (config != null) {
                cmd.getErr().println("cutover: configuration error: " + Secrets.mask(config.getMessage()));
                return ExitCode.USAGE;
            }
            cmd.getErr().println("cutover " + cmd.getCommandName() + ": " + Secrets.mask(describe(ex)));
            return ExitCode.FAILED;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("cutover: " + Secrets.mask(ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        return cl;
    }

    /** Commands that mix in {@link ConfigOptions} get one flag per declared key that has a flag. */
    private static void declareConfigFlags(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            for (var mixin : sub.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof ConfigOptions options) {
                    options.declareFlags(sub.getCommandSpec());
                }
            }
            declareConfigFlags(sub);
        }
    }

    private static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder(String.valueOf(ex.getMessage()));
        for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c == c.getCause()) {
                break;
            }
        }
        return null;
    }
}
