package io.cutover.cli.control;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.cli.CliRun;
import io.cutover.core.config.ConfigLoader;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.reverse.ReversePath;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reverse replication from the command line, as an operator runs it: switch-writes creates the slot,
 * status shows it, rollback --execute drains and goes back, switch-writes again, finalize cleans up.
 * The pipeline (capture, applier, and the reverse path following the phase as `cutover run` hosts it)
 * runs in this JVM.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class ReverseCommandsIT {
    @Test
    void switchRollbackSwitchAndFinalizeWithReverseReplicationFromTheCommandLine(KafkaFixture kafka, PostgresFixture pg,
                                                                                @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\nCREATE TABLE memos (id INTEGER PRIMARY KEY, body TEXT);\n"
                + "INSERT INTO memos (body) VALUES ('one'), ('two'), ('three');\n");
        Path yml = dir.resolve("cutover.yml");
        Files.writeString(yml, "kafka:\n  topic-prefix: revcli\npostgres:\n  schema: revcli\n  control-schema: revcli_control\n"
                + "applier:\n  group-id: revcli-applier\nreverse:\n  enabled: true\n  slot-name: revcli_slot\n"
                + "  publication: revcli_pub\n");
        List<String> common = List.of("-c", yml.toString(), "--kafka", kafka.bootstrapServers(), "--postgres",
                pg.databaseUrl(), "--sqlite", db.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
        CutoverConfig cfg = ConfigLoader.load(yml, Map.of("DATABASE_URL", pg.databaseUrl()), Map.of(
                "sqlite", db.toString(), "state-dir", dir.resolve("state").toString()));
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl());
        hc.setDataSourceProperties(p);
        CaptureSettings cs = new CaptureSettings(kafka.bootstrapServers(), Map.of(), "revcli", 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("app", db, List.of(),
                List.of(), false)), 100, 100, Duration.ofMillis(20));
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        try (HikariDataSource pool = new HikariDataSource(hc);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             CaptureRunner capture = new CaptureRunner(cs);
             Applier applier = new Applier(new ApplierSettings(kafka.bootstrapServers(), Map.of(), "revcli", "revcli-applier",
                     pg.jdbcUrl(), p, "revcli", "revcli_control", Map.of(), ApplierSettings.ErrorsMode.STOP, 1000,
                     Duration.ofMillis(20)));
             ReversePath reverse = new ReversePath(ReverseWiring.settings(cfg, kafka.bootstrapServers(),
                     DatabaseUrl.parse(pg.databaseUrl())), pool, admin)) {
            capture.start();
            applier.start();
            watch.scheduleWithFixedDelay(() -> {
                try {
                    reverse.tick();
                } catch (Exception e) {
                    // the next tick tries again, as in `cutover run`
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(CliRun.of(common, "status").out()).contains("memos").contains("slot revcli_slot not present"));
            CliRun verify = CliRun.of(common, "verify");
            assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
            assertThat(CliRun.of(common, "flip-reads", "--execute").code()).isZero();
            assertThat(CliRun.of(common, "switch-writes").out()).contains("create replication slot revcli_slot");
            CliRun sw = CliRun.of(common, "switch-writes", "--execute");
            assertThat(sw.code()).as(sw.err()).isZero();
            assertThat(sw.out()).contains("reverse replication: replication slot revcli_slot (pgoutput)").contains("Write freeze");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(CliRun.of(common, "status").out()).contains("slot revcli_slot streaming"));

            try (Connection c = pg.connection()) {
                c.createStatement().execute("INSERT INTO revcli.memos (body) VALUES ('written on postgres')");
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(shell.query("SELECT body FROM memos ORDER BY id;")).endsWith("written on postgres"));
            assertThat(CliRun.of(common, "rollback").out()).contains("drain the reverse path");
            CliRun back = CliRun.of(common, "rollback", "--execute");
            assertThat(back.code()).as(back.err()).isZero();
            assertThat(back.out()).contains("reverse path drained to lag 0").contains("Rolled back").contains("Write freeze");
            shell.run("INSERT INTO memos (body) VALUES ('back on sqlite');");
            CliRun status = CliRun.of(common, "status");
            assertThat(status.out()).containsAnyOf("capturing", "in_sync").contains("slot revcli_slot not present");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(CliRun.of(common, "verify").code()).isZero());
            assertThat(CliRun.of(common, "flip-reads", "--execute").code()).isZero();
            assertThat(CliRun.of(common, "switch-writes", "--execute").code()).isZero();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(CliRun.of(common, "status").out()).contains("slot revcli_slot streaming"));
            CliRun busy = CliRun.of(common, "finalize", "--execute");
            assertThat(busy.code()).isNotZero();
            assertThat(busy.err()).contains("stop `cutover run`");
            watch.shutdownNow();
            watch.awaitTermination(30, TimeUnit.SECONDS);
            reverse.stop();
            capture.stop();
            CliRun fin = CliRun.of(common, "finalize", "--execute");
            assertThat(fin.code()).as(fin.err()).isZero();
            assertThat(fin.out()).contains("Finalized").contains("revcli_slot");
            assertThat(shell.query("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' OR name LIKE '_cutover%';"))
                    .containsExactly("0");
            assertThat(CliRun.of(common, "status").out()).contains("finalized");
        } finally {
            watch.shutdownNow();
        }
    }
}
