package io.cutover.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs a Node.js script, e.g. one that rewrites JSON data files the way a Node app does. */
public final class NodeScript {
    private final String source;

    public NodeScript(String source) {
        this.source = source;
    }

    public String run(Path workDir, String... args) throws IOException, InterruptedException {
        try (ExternalProcess p = start(workDir, args)) {
            return p.awaitSuccess(Duration.ofMinutes(2));
        }
    }

    public ExternalProcess start(Path workDir, String... args) throws IOException {
        Path script = Files.createTempFile("cutover-node-", ".js");
        Files.writeString(script, source, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("node", script.toString()));
        cmd.addAll(List.of(args));
        return ExternalProcess.start(cmd, null, workDir);
    }
}
