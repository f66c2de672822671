package io.cutover.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a tool of the host (tar, chroot, docker-compose) and keeps its output, for checks on build outputs. */
final class HostCommand {
    record Result(int exit, String output) { }

    private HostCommand() {
    }

    /** Runs to completion; fails the test when it does not end within the timeout. */
    static Result run(Duration timeout, Map<String, String> env, Path dir, List<String> command)
            throws IOException, InterruptedException {
        Process p = start(env, dir, command);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(command + " did not end within " + timeout + ": " + output(p));
        }
        return new Result(p.exitValue(), output(p));
    }

    /** Starts it with stdout and stderr merged into a file; {@code env} null keeps this JVM's environment. */
    static Process start(Map<String, String> env, Path dir, List<String> command) throws IOException {
        Path out = Files.createTempFile("cutover-deploy-", ".log");
        out.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        OUTPUTS.put(p, out);
        return p;
    }

    /** What a process started here wrote so far. */
    static String output(Process p) throws IOException {
        return Files.readString(OUTPUTS.get(p), StandardCharsets.UTF_8);
    }

    private static final Map<Process, Path> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();
}
