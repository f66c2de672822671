package io.cutover.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program we did not write (the sqlite3 shell, node) running as its own OS process, so tests write
 * SQLite and JSON files the way real applications do. Its stdout and stderr go to a file, so a chatty
 * process never blocks on a full pipe. {@link #close()} kills it.
 */
public final class ExternalProcess implements AutoCloseable {
    private static final Map<String, String> INSTALL = Map.of(
            "sqlite3", "apt-get install -y sqlite3", "node", "apt-get install -y nodejs");
    private final Process process;
    private final Path output;
    private final String name;

    private ExternalProcess(Process process, Path output, String name) {
        this.process = process;
        this.output = output;
        this.name = name;
    }

    static ExternalProcess start(List<String> command, Path stdin, Path workDir, Map<String, String> env)
            throws IOException {
        Path out = Files.createTempFile("cutover-proc-", ".log");
        out.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        String program = command.get(0);
        try {
            return new ExternalProcess(pb.start(), out, program);
        } catch (IOException e) {
            throw new IOException(program + " could not be started (" + e.getMessage() + "). Install it (Debian/Ubuntu: "
                    + INSTALL.getOrDefault(program, "apt-get install -y " + program) + ") so it is on the PATH.", e);
        }
    }

    /** Waits for the process to end; fails with its output unless it exited 0 in time (then it is killed). */
    public String awaitSuccess(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(name + " did not finish within " + timeout + ": " + output());
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited " + process.exitValue() + ": " + output());
        }
        return output();
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its OS process id, e.g. to signal it. */
    public long pid() {
        return process.pid();
    }

    /** Everything it wrote to stdout and stderr so far. */
    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Kills it (SIGKILL, like a crash: no chance to finish a transaction) and waits until it is gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
