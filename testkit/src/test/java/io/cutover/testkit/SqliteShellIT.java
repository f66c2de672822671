package io.cutover.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SqliteShellIT {
    @TempDir
    Path dir;

    @Test
    void writesRowsAndReadsThemBack() throws Exception {
        SqliteShell shell = new SqliteShell(dir.resolve("app.db"));
        shell.run("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ('ada'), ('bob');");
        assertThat(shell.query("SELECT id, name FROM users ORDER BY id;")).containsExactly("1|ada", "2|bob");
        assertThat(dir.resolve("app.db")).isNotEmptyFile();
    }

    @Test
    void aFailingStatementFailsTheRunWithTheShellsMessage() {
        SqliteShell shell = new SqliteShell(dir.resolve("app.db"));
        assertThatThrownBy(() -> shell.run("SELECT * FROM missing_table; CREATE TABLE never(x);"))
                .hasMessageContaining("no such table: missing_table");
        assertThat(dir.resolve("app.db")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
    }

    @Test
    void aLongRunningWriterKeepsWritingUntilClosedWhileOthersStillWrite() throws Exception {
        SqliteShell shell = new SqliteShell(dir.resolve("app.db"));
        shell.run("PRAGMA journal_mode=WAL; CREATE TABLE ticks(id INTEGER PRIMARY KEY, at TEXT);");
        Path loop = dir.resolve("loop.sql");
        // One small transaction per statement, many of them: a writer that runs for minutes unless killed.
        Files.writeString(loop, "INSERT INTO ticks(at) VALUES (datetime('now'));\n".repeat(200_000));
        try (ExternalProcess writer = shell.start(loop)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(shell) >= 50);
            // SQLite's busy handler is not fair to a second writer against a tight loop of one-statement
            // transactions, and a loaded machine widened that: wait up to a minute, not the shell's 10 s.
            shell.run(".timeout 60000\nINSERT INTO ticks(at) VALUES ('from a second writer');");
            assertThat(writer.isAlive()).isTrue();
            writer.close();
            assertThat(writer.isAlive()).isFalse();
        }
        long afterKill = count(shell);
        assertThat(count(shell)).isEqualTo(afterKill).isLessThan(200_001);
        assertThat(shell.query("SELECT count(*) FROM ticks WHERE at = 'from a second writer';")).containsExactly("1");
    }

    private static long count(SqliteShell shell) throws Exception {
        return Long.parseLong(shell.query("SELECT count(*) FROM ticks;").get(0));
    }
}
