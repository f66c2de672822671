package io.cutover.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Drives a SQLite file through the real {@code sqlite3} command-line shell: a writer that is not our
 * JDBC driver, as an application's would be. Scripts run with {@code .bail on} (the first error ends
 * the run with a non-zero exit) and a 10 s busy timeout, so they wait for locks like an app would.
 */
public final class SqliteShell {
    private static final String PRELUDE = ".bail on\n.timeout 10000\n";
    private final Path db;

    /** A shell on this database file (created by sqlite3 on first write). */
    public SqliteShell(Path db) {
        this.db = db.toAbsolutePath();
    }

    /** Runs a script to completion; returns its output or fails with it. */
    public String run(String sql) throws IOException, InterruptedException {
        try (ExternalProcess p = start(sql)) {
            return p.awaitSuccess(Duration.ofMinutes(2));
        }
    }

    /** Starts a script in the background, e.g. a long writer; close the handle to kill it. */
    public ExternalProcess start(String sql) throws IOException {
        Path script = Files.createTempFile("cutover-sql-", ".sql");
        script.toFile().deleteOnExit();
        Files.writeString(script, sql, StandardCharsets.UTF_8);
        return start(script);
    }

    /** Starts a SQL file (may contain dot-commands) in the background; close the handle to kill it. */
    public ExternalProcess start(Path sqlFile) throws IOException {
        Path script = Files.createTempFile("cutover-sql-", ".sql");
        script.toFile().deleteOnExit();
        Files.writeString(script, PRELUDE + Files.readString(sqlFile, StandardCharsets.UTF_8) + "\n",
                StandardCharsets.UTF_8);
        return ExternalProcess.start(List.of("sqlite3", "-batch", db.toString()), script, db.getParent(), Map.of());
    }

    /** A query's rows in the shell's list mode ('|' between columns), one line per row. */
    public List<String> query(String sql) throws IOException, InterruptedException {
        String out = run(sql);
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }
}
