package io.cutover.cli.pipeline;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import io.cutover.testkit.SqliteWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline end to end: a sqlite3 shell writes during the snapshot and during streaming, capture
 * and applier run, and every table of every kind ends equal on both sides, by a dump of each side.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class SqliteToPostgresIT {

    @Test
    void postgresEndsEqualToSqliteForEveryTableKindWhileTheShellWrites(KafkaFixture kafka, PostgresFixture pg,
                                                                      @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\n" + SqliteWorkload.schema(3000));
        CaptureSettings cs = new CaptureSettings(kafka.bootstrapServers(), Map.of(), "e2e", 2, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("app", db, List.of(),
                List.of(), false)), 100, 200, Duration.ofMillis(50));
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        ApplierSettings as = new ApplierSettings(kafka.bootstrapServers(), Map.of(), "e2e", "e2e-applier",
                pg.jdbcUrl(), p, "public", "cutover", Map.of(), ApplierSettings.ErrorsMode.STOP, 500, Duration.ofMillis(100));
        try (CaptureRunner capture = new CaptureRunner(cs); Applier applier = new Applier(as)) {
            capture.start();
            applier.start();
            try (ExternalProcess duringSnapshot = shell.start(SqliteWorkload.writes(1, 1500, 3000))) {
                duringSnapshot.awaitSuccess(Duration.ofMinutes(2));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> capture.state() == CaptureRunner.State.STREAMING);
            shell.run(SqliteWorkload.writes(2, 1500, 3000));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        try (Connection c = pg.connection()) {
                            for (String t : SqliteWorkload.TABLES) {
                                boolean rowid = t.equals("nokey");
                                assertThat(TableDump.postgres(c, t)).as("table %s", t)
                                        .isEqualTo(TableDump.sqlite(db, t, rowid));
                            }
                        }
                    });
            assertThat(applier.state()).isEqualTo(Applier.State.RUNNING);
            assertThat(capture.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }
}
