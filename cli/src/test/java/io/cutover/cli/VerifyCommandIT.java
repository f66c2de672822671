package io.cutover.cli;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code cutover verify} against a running pipeline: exit 0 in sync, 1 with a report and --json naming the key. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class VerifyCommandIT {

    @Test
    void verifyExitsZeroInSyncAndOneWithTheMismatchedKey(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir)
            throws Exception {
        Path db = dir.resolve("shop.db");
        new SqliteShell(db).run("PRAGMA journal_mode=WAL;\nCREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT);\n"
                + "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three');");
        // The configuration's defaults: prefix cutover, group cutover-applier, control schema cutover, source 'shop'.
        CaptureSettings cs = new CaptureSettings(kafka.bootstrapServers(), Map.of(), "cutover", 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("shop", db, List.of(),
                List.of(), false)), 100, 100, Duration.ofMillis(50));
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        ApplierSettings as = new ApplierSettings(kafka.bootstrapServers(), Map.of(), "cutover", "cutover-applier",
                pg.jdbcUrl(), p, "public", "cutover", Map.of(), ApplierSettings.ErrorsMode.STOP, 500, Duration.ofMillis(100));
        String[] common = {"verify", "--sqlite", db.toString(), "--kafka", kafka.bootstrapServers(), "--postgres", pg.databaseUrl(),
                "--state-dir", dir.resolve("cli").toString(), "--settle-timeout", "10s"};
        CliRun before = CliRun.of(common);
        assertThat(before.code()).as("nothing applied yet is not in sync").isEqualTo(1);
        assertThat(before.out()).contains("Captured tables not in Postgres yet: shop.items").contains("NOT in sync.");
        try (CaptureRunner capture = new CaptureRunner(cs); Applier applier = new Applier(as)) {
            capture.start();
            applier.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                CliRun r = CliRun.of(common);
                assertThat(r.code()).as(r.out() + r.err()).isZero();
            });
            CliRun clean = CliRun.of(common);
            assertThat(clean.out()).contains("Compared 3 rows.").contains("In sync.");

            try (Connection c = pg.connection()) {
                c.createStatement().execute("UPDATE items SET name = 'TWO' WHERE id = 2");
            }
            CliRun dirty = CliRun.of(concat(common, "--json"));
            assertThat(dirty.code()).as(dirty.err()).isEqualTo(1);
            assertThat(dirty.out().replaceAll("\\s+", "")).contains("\"in_sync\":false")
                    .contains("\"different\":[{\"table\":\"items\",\"source\":\"shop\",\"key\":{\"id\":2},"
                            + "\"kind\":\"different\",\"columns\":[\"name\"]}]");

            CliRun plan = CliRun.of(concat(common, "--repair"));
            assertThat(plan.code()).isEqualTo(1);
            assertThat(plan.out()).contains("Would repair").contains("re-emit the source row of shop.items {id=2}");
            assertThat(CliRun.of(concat(common, "--repair", "--execute")).code()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> CliRun.of(common).code() == 0);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
