package io.cutover.cli.control;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.cli.CliRun;
import io.cutover.cli.CommandKinds;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every state-changing command of {@link CommandKinds}, typed without --execute against a running
 * pipeline with work for each to do (a row damaged in Postgres for verify --repair), prints its plan
 * and changes nothing: not the migrated tables, Cutover's control tables (reconcile results aside: a
 * comparison records what it found), the SQLite file (rows, triggers, changelog), nor any topic.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class DryRunIT {
    /** Arguments that give each entry real work; every state-changing entry must have its own. */
    private static final Map<String, List<String>> ARGS = Map.of(
            "capture --uninstall", List.of("capture", "--uninstall"),
            "verify --repair", List.of("verify", "--repair"),
            "dlq replay", List.of("dlq", "replay"),
            "flip-reads", List.of("flip-reads", "--force"),
            "switch-writes", List.of("switch-writes"),
            "rollback", List.of("rollback"),
            "finalize", List.of("finalize"),
            "replay", List.of("replay", "--table", "drynotes", "--to-earliest"),
            "resnapshot", List.of("resnapshot", "--table", "drynotes"));

    @Test
    void everyStateChangingCommandWithoutExecuteChangesNothing(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir)
            throws Exception {
        assertThat(ARGS.keySet()).as("an example for every state-changing command").containsExactlyInAnyOrderElementsOf(
                CommandKinds.stateChanging());
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\nCREATE TABLE drynotes (id INTEGER PRIMARY KEY, body TEXT);\n"
                + "INSERT INTO drynotes (body) VALUES ('one'), ('two'), ('three');\n");
        CaptureSettings cs = new CaptureSettings(kafka.bootstrapServers(), Map.of(), "dry", 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("app", db, List.of(),
                List.of(), false)), 100, 100, Duration.ofMillis(20));
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        ApplierSettings as = new ApplierSettings(kafka.bootstrapServers(), Map.of(), "dry", "dry-applier", pg.jdbcUrl(), p,
                "public", "cutover", Map.of(), ApplierSettings.ErrorsMode.CONTINUE, 500, Duration.ofMillis(100));
        Path config = dir.resolve("cutover.yml");
        Files.writeString(config, "kafka:\n  topic-prefix: dry\napplier:\n  group-id: dry-applier\n");
        List<String> common = List.of("-c", config.toString(), "--kafka", kafka.bootstrapServers(), "--postgres",
                pg.databaseUrl(), "--sqlite", db.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
        try (CaptureRunner capture = new CaptureRunner(cs); Applier applier = new Applier(as)) {
            capture.start();
            applier.start();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> rows(pg).size() == 3);
            try (Connection c = pg.connection()) {
                c.createStatement().execute("UPDATE public.drynotes SET body = 'damaged' WHERE id = 2");
            }
            Map<String, String> before = state(pg, db, kafka);
            for (String entry : CommandKinds.stateChanging()) {
                List<String> args = new ArrayList<>(ARGS.get(entry));
                args.addAll(common);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertThat(r.out() + r.err()).as("%s prints a plan or a refusal", entry).isNotBlank();
                assertThat(state(pg, db, kafka)).as("%s without --execute changed nothing", entry).isEqualTo(before);
            }
            assertThat(rows(pg)).contains("2|damaged");
        }
    }

    @Test
    void statusAndADryFlipOnAFreshPostgresRecordNoPhase(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        new SqliteShell(db).run("CREATE TABLE fresh (id INTEGER PRIMARY KEY);");
        Path config = dir.resolve("cutover.yml");
        Files.writeString(config, "kafka:\n  topic-prefix: fresh\npostgres:\n  control-schema: fresh_control\n");
        List<String> common = List.of("-c", config.toString(), "--kafka", kafka.bootstrapServers(), "--postgres",
                pg.databaseUrl(), "--sqlite", db.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
        CliRun status = CliRun.of(common, "status");
        assertThat(status.code()).as(status.out() + status.err()).isZero();
        assertThat(status.out()).contains("capturing");
        CliRun flip = CliRun.of(common, "flip-reads");
        assertThat(flip.out() + flip.err()).isNotBlank();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'fresh_control' "
                        + "AND table_name LIKE 'cutover%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("phase tables created by a read or a dry run").isZero();
        }
    }

    private static List<String> rows(PostgresFixture pg) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id || '|' || body FROM public.drynotes ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Everything a command could change, each part as text. */
    private static Map<String, String> state(PostgresFixture pg, Path db, KafkaFixture kafka) throws Exception {
        Map<String, String> s = new TreeMap<>();
        try (Connection c = pg.connection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) "
                    + "FROM information_schema.tables WHERE table_schema IN ('public', 'cutover') "
                    + "AND table_name NOT LIKE 'reconcile%' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '') FROM " + t + " x")) {
                    rs.next();
                    s.put("pg " + t, rs.getString(1));
                }
            }
        }
        SqliteShell shell = new SqliteShell(db);
        s.put("sqlite schema", String.join("\n", shell.query("SELECT type, name, sql FROM sqlite_master ORDER BY name;")));
        s.put("sqlite rows", String.join("\n", shell.query("SELECT * FROM drynotes ORDER BY id;")));
        s.put("sqlite changelog", String.join("\n", shell.query("SELECT count(*) FROM _cutover_changes;")));
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            for (String t : admin.listTopics().names().get()) {
                if (t.startsWith("dry.")) {
                    admin.describeTopics(List.of(t)).allTopicNames().get().get(t).partitions()
                            .forEach(x -> req.put(new TopicPartition(t, x.partition()), OffsetSpec.latest()));
                }
            }
            Map<String, Long> ends = new TreeMap<>();
            admin.listOffsets(req).all().get().forEach((tp, info) -> ends.put(tp.toString(), info.offset()));
            s.put("kafka end offsets", ends.toString());
        }
        return s;
    }
}
