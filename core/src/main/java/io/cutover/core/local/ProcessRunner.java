package io.cutover.core.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the Postgres tools, as the {@code postgres} OS user when this JVM is root (initdb and postgres
 * refuse to run as root), and turns a failure into an exception that carries the tool's output.
 */
final class ProcessRunner {
    private final boolean root = "root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT));

    /** Gives the directory (and its data) to the postgres user when we are root. */
    void handOver(Path dir) throws IOException {
        if (root) {
            exitCode(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                // Parents must be traversable by the postgres user (temp dirs are often 0700).
                if (Files.isDirectory(p) && !p.toString().equals("/")) {
                    exitCode(List.of("chmod", "o+x", p.toString()));
                }
            }
        }
    }

    void run(List<String> cmd, String what) throws IOException {
        Result r = exec(cmd);
        if (r.code != 0) {
            throw new IOException(what + " failed (exit " + r.code + "): " + r.output.trim());
        }
    }

    int exitCode(List<String> cmd) throws IOException {
        return exec(cmd).code;
    }

    private Result exec(List<String> cmd) throws IOException {
        List<String> full = new ArrayList<>();
        if (root && !cmd.get(0).equals("chown") && !cmd.get(0).equals("chmod")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
    }

    private record Result(int code, String output) {
    }
}
