package io.cutover.cli.control;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.cli.CliRun;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rows re-captured through the changelog: a resnapshot after damage, and dead letters after their cause is fixed. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class RecaptureCommandsIT {

    private static long count(PostgresFixture pg, String sql) throws Exception {
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void resnapshotRestoresDamagedRowsAndDlqReplayBringsRecordsInOnceTheCauseIsFixed(KafkaFixture kafka, PostgresFixture pg,
                                                                                   @TempDir Path dir) throws Exception {
        Path db = dir.resolve("recap.db"); // its own topics on the broker the test classes share
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\nCREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price INTEGER);\n"
                + "WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 25000) "
                + "INSERT INTO products (name, price) SELECT 'item ' || x, x FROM i;\n");
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        List<String> common = List.of("--kafka", kafka.bootstrapServers(), "--postgres", pg.databaseUrl(),
                "--sqlite", db.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
        CaptureSettings cs = new CaptureSettings(kafka.bootstrapServers(), Map.of(), "cutover", 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("recap", db, List.of(),
                List.of(), false)), 1000, 500, Duration.ofMillis(20));
        try (CaptureRunner capture = new CaptureRunner(cs);
             Applier applier = new Applier(ApplierSettings.of(kafka.bootstrapServers(), pg.jdbcUrl(), p))) {
            capture.start();
            applier.start();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> count(pg, "SELECT count(*) FROM public.products") == 25000);

            try (Connection c = pg.connection()) {
                c.createStatement().execute("DELETE FROM public.products WHERE id % 10 = 0; "
                        + "UPDATE public.products SET price = -1 WHERE id % 10 = 1");
            }
            assertThat(CliRun.of(common, "resnapshot", "--table", "products").out()).contains("Would re-emit");
            CliRun re = CliRun.of(common, "resnapshot", "--table", "products", "--execute");
            assertThat(re.code()).as(re.err()).isZero();
            assertThat(re.out()).contains("Queued 25000 rows");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(count(pg, "SELECT count(*) FROM public.products")).isEqualTo(25000);
                assertThat(count(pg, "SELECT count(*) FROM public.products WHERE price <> id")).isZero();
            });

            // A constraint added by hand rejects some rows: they go to the DLQ; once it is dropped,
            // dlq replay brings them in from the source.
            try (Connection c = pg.connection()) {
                c.createStatement().execute("ALTER TABLE public.products ADD CONSTRAINT cheap CHECK (price < 1000000)");
            }
            shell.run("UPDATE products SET price = 5000000 + id WHERE id IN (7, 8, 9);\n"
                    + "UPDATE products SET name = 'renamed' WHERE id = 10;\n");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(count(pg, "SELECT count(*) FROM public.products WHERE name = 'renamed'")).isEqualTo(1);
                assertThat(CliRun.of(common, "dlq", "list").out()).contains("3 dead letters");
            });
            try (Connection c = pg.connection()) {
                c.createStatement().execute("ALTER TABLE public.products DROP CONSTRAINT cheap");
            }
            CliRun replay = CliRun.of(common, "dlq", "replay", "--execute");
            assertThat(replay.code()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("Re-captured 3 keys");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(count(pg, "SELECT count(*) FROM public.products WHERE price > 5000000")).isEqualTo(3));
        }
    }

    @Test
    void jsonResnapshotRestoresDamagedRowsFromCapturesLastStateOfTheFile(KafkaFixture kafka, PostgresFixture pg,
                                                                         @TempDir Path dir) throws Exception {
        Path data = dir.resolve("recapjson"); // the --json-dir shortcut names the source after the directory
        Files.createDirectories(data);
        StringBuilder gadgets = new StringBuilder("[");
        for (int i = 1; i <= 500; i++) {
            gadgets.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"name\":\"gadget ").append(i).append("\"}");
        }
        Files.writeString(data.resolve("gadgets.json"), gadgets.append("]"));
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        List<String> common = List.of("--kafka", kafka.bootstrapServers(), "--postgres", pg.databaseUrl(),
                "--json-dir", data.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
        // Capture keeps its file states where the CLI's configuration says: <state-dir>/capture.
        CaptureSettings cs = new CaptureSettings(kafka.bootstrapServers(), Map.of(), "cutover", 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state").resolve("capture"), List.of(), 1000, 500, Duration.ofMillis(20),
                List.of(new CaptureSettings.JsonDir("recapjson", data, List.of())));
        try (CaptureRunner capture = new CaptureRunner(cs);
             Applier applier = new Applier(ApplierSettings.of(kafka.bootstrapServers(), pg.jdbcUrl(), p))) {
            capture.start();
            applier.start();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> count(pg, "SELECT count(*) FROM public.gadgets") == 500);
            try (Connection c = pg.connection()) {
                c.createStatement().execute("DELETE FROM public.gadgets WHERE id % 10 = 0; "
                        + "UPDATE public.gadgets SET name = 'broken' WHERE id % 10 = 1");
            }
            assertThat(CliRun.of(common, "resnapshot", "--table", "gadgets").out()).contains("Would re-emit");
            CliRun re = CliRun.of(common, "resnapshot", "--table", "gadgets", "--execute");
            assertThat(re.code()).as(re.err()).isZero();
            assertThat(re.out()).contains("Asked capture to re-emit every row of recapjson.gadgets");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(count(pg, "SELECT count(*) FROM public.gadgets")).isEqualTo(500);
                assertThat(count(pg, "SELECT count(*) FROM public.gadgets WHERE name <> 'gadget ' || id")).isZero();
            });
        }
    }
}
