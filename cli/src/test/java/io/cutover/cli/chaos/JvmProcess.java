package io.cutover.cli.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the pipeline's processes (a {@code cutover} command, or the broker) in its own JVM on the
 * test class path, its output appended to one log per role across restarts, so that a crash can be
 * read after the fact. {@link #kill()} is SIGKILL: no shutdown hook, no flush, no goodbye.
 */
final class JvmProcess {
    private final String role;
    private final List<String> mainAndArgs;
    private final Path log;
    private Process process;
    private int starts;

    JvmProcess(String role, Path logDir, String mainClass, String... args) {
        this.role = role;
        this.mainAndArgs = new ArrayList<>(List.of(mainClass));
        this.mainAndArgs.addAll(List.of(args));
        this.log = logDir.resolve(role + ".log");
    }

    synchronized void start() throws IOException {
        starts++;
        Files.writeString(log, "=== start " + starts + " ===\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small, quick-starting JVMs: five of them share two cores with the writers and Postgres.
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp));
        cmd.addAll(mainAndArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** SIGKILL, and wait until the OS has reaped it (its ports and file locks are free again). */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    String role() {
        return role;
    }

    /** The end of this role's log, for failure messages. */
    String logTail() {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.substring(Math.max(0, s.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Whether the current run's output contains {@code text}. */
    boolean printedSinceStart(String text) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.substring(s.lastIndexOf("=== start ")).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
