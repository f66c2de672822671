package io.cutover.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a Node.js script (given as source text) as its own process, e.g. one that rewrites JSON data
 * files the way a Node app does: whole-file rewrite, or write-temp-then-rename.
 */
public final class NodeScript {
    /** How long {@link #run(Path, String...)} waits before killing the script and failing. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private final String source;
    private final Map<String, String> env = new LinkedHashMap<>();

    /** A script with this source; nothing runs until {@link #run} or {@link #start}. */
    public NodeScript(String source) {
        this.source = source;
    }

    /** Adds an environment variable for the script's process (visible as {@code process.env[name]}). */
    public NodeScript env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs it in {@code workDir} to the end; returns its output, or fails with it unless it exited 0. */
    public String run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(DEFAULT_TIMEOUT, workDir, args);
    }

    /** As {@link #run(Path, String...)}, killing the script and failing after {@code timeout}. */
    public String run(Duration timeout, Path workDir, String... args) throws IOException, InterruptedException {
        try (ExternalProcess p = start(workDir, args)) {
            return p.awaitSuccess(timeout);
        }
    }

    /** Starts it in the background (args are {@code process.argv[2..]}); close the handle to kill it. */
    public ExternalProcess start(Path workDir, String... args) throws IOException {
        Path script = Files.createTempFile("cutover-node-", ".js");
        script.toFile().deleteOnExit();
        Files.writeString(script, source, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("node", script.toString()));
        cmd.addAll(List.of(args));
        return ExternalProcess.start(cmd, null, workDir, env);
    }
}
