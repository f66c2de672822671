package io.cutover.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program we did not write (the sqlite3 shell, node) running as its own OS process, so tests write
 * SQLite and JSON files the way real applications do. {@link #close()} kills it.
 */
public final class ExternalProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final String name;

    private ExternalProcess(Process process, Path output, String name) {
        this.process = process;
        this.output = output;
        this.name = name;
    }

    static ExternalProcess start(List<String> command, Path stdin, Path workDir) throws IOException {
        Path out = Files.createTempFile("cutover-proc-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        try {
            return new ExternalProcess(pb.start(), out, command.get(0));
        } catch (IOException e) {
            throw new IOException(command.get(0) + " could not be started (" + e.getMessage() + "): install it "
                    + "(Debian/Ubuntu: apt-get install -y sqlite3 nodejs)", e);
        }
    }

    /** Waits for the process to end and fails, with its output, unless it exited 0. */
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

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

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
