package io.cutover.core.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the Postgres tools, as the {@code postgres} OS user when this JVM is root (initdb and postgres
 * refuse to run as root), and turns a failure into an exception that carries the tool's output.
 */
final class ProcessRunner {
    static final String OS_USER = "postgres";
    private final boolean root = "root".equals(System.getProperty("user.name"));

    /**
     * When we are root, gives {@code dir} to the postgres user and makes sure that user can traverse
     * its parents. Only parents lacking the traverse bit for others get it (e.g. /root, or a 0700
     * temp dir): read permission is never added, so nothing becomes listable.
     */
    void handOver(Path dir) throws IOException {
        if (!root) {
            return;
        }
        run(List.of("chown", "-R", OS_USER + ":" + OS_USER, dir.toString()), "chown of " + dir + " to " + OS_USER);
        for (Path p = dir.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                Set<PosixFilePermission> more = EnumSet.copyOf(perms);
                more.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, more);
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
        boolean system = cmd.get(0).equals("chown");
        if (root && !system) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        // Reading to EOF is safe: pg_ctl start sends the server's own output to the log file, not to us.
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
