package io.cutover.cli.control;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.cli.ExitCode;
import io.cutover.cli.CliRun;
import io.cutover.core.event.EnvelopeCodec;
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

/** The operator commands as an operator types them, against a running pipeline on real services. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class ControlCommandsIT {
    private static String body(PostgresFixture pg, long id) throws Exception {
        try (Connection c = pg.connection(); var rs = c.createStatement().executeQuery(
                "SELECT body FROM public.notes WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void statusFlipReadsReplaySwitchWritesRollbackAndDlqFromTheCommandLine(KafkaFixture kafka, PostgresFixture pg,
                                                                           @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\nCREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
                + "INSERT INTO notes (body) VALUES ('one'), ('two'), ('three');\n");
        CaptureSettings cs = new CaptureSettings(kafka.bootstrapServers(), Map.of(), "cutover", 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("app", db, List.of(),
                List.of(), false)), 100, 100, Duration.ofMillis(20));
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        List<String> common = List.of("--kafka", kafka.bootstrapServers(), "--postgres", pg.databaseUrl(),
                "--sqlite", db.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
        try (CaptureRunner capture = new CaptureRunner(cs);
             Applier applier = new Applier(ApplierSettings.of(kafka.bootstrapServers(), pg.jdbcUrl(), p))) {
            capture.start();
            applier.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                CliRun s = CliRun.of(common, "status");
                assertThat(s.code()).as(s.err()).isZero();
                assertThat(s.out()).contains("capturing").contains("notes")
                        .contains("Blocked   no clean full reconcile pass yet");
            });
            assertThat(CliRun.of(common, "flip-reads").out()).contains("Would refuse");
            CliRun refused = CliRun.of(common, "flip-reads", "--execute");
            assertThat(refused.code()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(refused.err()).contains("not ready").contains("reconcile");

            CliRun verify = CliRun.of(common, "verify");
            assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
            CliRun ready = CliRun.of(common, "status");
            assertThat(ready.out()).contains("in_sync").contains("Blocked   nothing");
            CliRun flip = CliRun.of(common, "flip-reads", "--execute");
            assertThat(flip.code()).as(flip.err()).isZero();
            assertThat(flip.out()).contains("Reads are on Postgres");

            CliRun plan = CliRun.of(common, "replay", "--table", "notes", "--to-earliest");
            assertThat(plan.code()).as(plan.err()).isZero();
            assertThat(plan.out()).contains("cutover.app.notes").contains("Dry run");
            assertThat(CliRun.of(common, "replay", "--table", "nope", "--to-earliest").code()).isEqualTo(ExitCode.CHECK_FAILED);

            // A key changed after the clean pass, then damaged in Postgres behind the pipeline's back:
            // the switch compares the changed keys while frozen, refuses, and unfences.
            // (Not the last change: the drain re-captures the last one, which would mend it.)
            shell.run("UPDATE notes SET body = 'two, edited' WHERE id = 2;\nUPDATE notes SET body = 'three, edited' WHERE id = 3;");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(body(pg, 3)).isEqualTo("three, edited"));
            try (Connection c = pg.connection()) {
                c.createStatement().execute("UPDATE public.notes SET body = 'damaged' WHERE id = 2");
            }
            CliRun blocked = CliRun.of(common, "switch-writes", "--execute");
            assertThat(blocked.code()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(blocked.err()).contains("writes stay on the source, unfenced").contains("keys differ");
            shell.run("INSERT INTO notes (body) VALUES ('still writable');");
            try (Connection c = pg.connection()) {
                c.createStatement().execute("UPDATE public.notes SET body = 'two, edited' WHERE id = 2");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "still writable".equals(body(pg, 4)));

            CliRun sw = CliRun.of(common, "switch-writes", "--execute");
            assertThat(sw.code()).as(sw.err()).isZero();
            assertThat(sw.out()).contains("Write freeze").contains("fenced app");
            CliRun back = CliRun.of(common, "rollback", "--execute");
            assertThat(back.code()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(back.err()).contains("Refused");
            // Re-emitting source rows now would overwrite the writes made on Postgres since the switch.
            CliRun resnap = CliRun.of(common, "resnapshot", "--table", "notes", "--execute");
            assertThat(resnap.code()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(resnap.err()).contains("no longer on the source").contains("Refused");
            // verify --repair would write a changelog entry that makes capture re-send SQLite's old row over
            // Postgres's newer one: a fenced source is never repaired from (the changelog gains no entry).
            try (Connection c = pg.connection()) {
                c.createStatement().execute("UPDATE public.notes SET body = 'newer on postgres' WHERE id = 1");
            }
            String high = shell.query("SELECT coalesce(max(seq), 0) FROM _cutover_changes;").get(0);
            CliRun repair = CliRun.of(common, "verify", "--repair", "--execute");
            assertThat(repair.code()).as(repair.err()).isEqualTo(1); // the difference is real, and reported
            assertThat(repair.out() + repair.err()).contains("notes");
            assertThat(shell.query("SELECT coalesce(max(seq), 0) FROM _cutover_changes;").get(0)).isEqualTo(high);
            assertThat(body(pg, 1)).isEqualTo("newer on postgres");

            CliRun dlq = CliRun.of(common, "dlq", "list");
            assertThat(dlq.code()).as(dlq.err()).isZero();
            assertThat(dlq.out()).contains("No dead letters");

            CliRun json = CliRun.of(common, "status", "--json");
            assertThat(json.code()).isZero();
            var tree = EnvelopeCodec.MAPPER.readTree(json.out());
            assertThat(tree.get("phase").asText()).isEqualTo("writes_on_postgres");
            assertThat(tree.get("state").get("freezeSeconds").asDouble()).isPositive();
            assertThat(tree.get("tables").get(0).get("targetRows").asLong()).isEqualTo(4);
        }
    }
}
