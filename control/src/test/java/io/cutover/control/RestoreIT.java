package io.cutover.control;

import io.cutover.core.local.PostgresBinaries;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restoring Postgres from a backup restores the applied offsets with the rows (they are in the same
 * database, committed in the same transactions), so the applier resumes exactly where the backup was
 * taken and the tables converge on the source again.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class RestoreIT {

    @Test
    void afterADumpAndRestoreTheApplierResumesFromTheRestoredOffsetsAndConverges(KafkaFixture kafka, PostgresFixture pg,
                                                                                 @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\nCREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, n INTEGER);\n"
                + "WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 400) "
                + "INSERT INTO notes (body, n) SELECT 'note ' || x, x FROM i;\n");
        Path backup = dir.resolve("backup.dump");
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "restore")) {
            awaitEqual(shell, pg);
            run(PostgresBinaries.find().resolve("pg_dump").toString(), "-Fc", "-n", "restore", "-n", "restore_control",
                    "-f", backup.toString(), "-d", pg.databaseUrl());
            shell.run("UPDATE notes SET body = body || ' after the backup', n = n + 1000 WHERE id % 2 = 0;\n"
                    + "DELETE FROM notes WHERE id % 5 = 0;\nINSERT INTO notes (body, n) VALUES ('new after the backup', 0);\n");
            awaitEqual(shell, pg);
            p.stopApplier();
            try (Connection c = pg.connection()) {
                c.createStatement().execute("DROP SCHEMA restore CASCADE; DROP SCHEMA restore_control CASCADE");
            }
            run(PostgresBinaries.find().resolve("pg_restore").toString(), "-d", pg.databaseUrl(), backup.toString());
            assertThat(dump(pg)).as("the restore brought back the earlier state").isNotEqualTo(sqlite(shell));
            p.startApplier();
            awaitEqual(shell, pg);
        }
    }

    private static void awaitEqual(SqliteShell shell, PostgresFixture pg) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> assertThat(dump(pg)).isEqualTo(sqlite(shell)));
    }

    private static List<String> sqlite(SqliteShell shell) throws Exception {
        return shell.query("SELECT id, body, n FROM notes ORDER BY id;");
    }

    private static List<String> dump(PostgresFixture pg) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id, body, n FROM restore.notes ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
            }
        }
        return rows;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
