package io.cutover.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Drives a SQLite file through the real {@code sqlite3} command-line shell: a writer that is not our
 * JDBC driver, as an application's would be.
 */
public final class SqliteShell {
    private final Path db;

    public SqliteShell(Path db) {
        this.db = db;
    }

    /** Runs a script to completion (with a busy timeout, so it waits for locks like an app would). */
    public String run(String sql) throws IOException, InterruptedException {
        try (ExternalProcess p = start(sql)) {
            return p.awaitSuccess(Duration.ofMinutes(2));
        }
    }

    /** Starts a script in the background, e.g. a long writer; close the handle to kill it. */
    public ExternalProcess start(String sql) throws IOException {
        Path script = Files.createTempFile("cutover-sql-", ".sql");
        Files.writeString(script, ".bail on\n.timeout 10000\n" + sql + "\n", StandardCharsets.UTF_8);
        return ExternalProcess.start(List.of("sqlite3", "-batch", db.toString()), script,
                db.toAbsolutePath().getParent());
    }

    /** A query's rows in the shell's list mode ('|' between columns), one line per row. */
    public List<String> query(String sql) throws IOException, InterruptedException {
        String out = run(sql);
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }
}
