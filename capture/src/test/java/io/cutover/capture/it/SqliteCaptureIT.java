package io.cutover.capture.it;

import io.cutover.testkit.SqliteWorkload;

import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.core.schema.StorageClass;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.TopicNames;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.SqliteShell;
import io.cutover.testkit.ExternalProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KafkaExtension.class)
class SqliteCaptureIT {
    static String bootstrap;
    static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    @BeforeAll
    static void kafka(KafkaFixture kafka) {
        bootstrap = kafka.bootstrapServers();
        Metrics.addRegistry(METRICS);
    }

    static CaptureSettings settings(String prefix, Path stateDir, Path db, String source, boolean wal) {
        return new CaptureSettings(bootstrap, Map.of(), prefix, 2, (short) 1, Duration.ofHours(1), stateDir,
                List.of(new CaptureSettings.Sqlite(source, db, List.of(), List.of(), wal)), 5, 50, Duration.ofMillis(50));
    }

    static void awaitConverged(String prefix, String source, Path db, String... tables) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String t : tables) {
                TopicState topic = TopicState.read(bootstrap, TopicNames.forTable(prefix, source, t));
                assertThat(topic.rows).as("topic of %s", t).isEqualTo(SqliteFixture.tableState(db, t));
                assertThat(topic.missingHeaders).isZero();
            }
        });
    }

    @Test
    void everyTableKindConvergesWhileTheShellWritesDuringAndAfterTheSnapshot() throws Exception {
        Path db = dir.resolve("app.db");
        new SqliteShell(db).run(SqliteWorkload.schema(300));
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, dir.resolve("state"), db, "app", false))) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> runner.state() == CaptureRunner.State.SNAPSHOTTING);
            try (ExternalProcess during = new SqliteShell(db).start(SqliteWorkload.writes(1, 300, 320))) {
                during.awaitSuccess(Duration.ofSeconds(60));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> runner.state() == CaptureRunner.State.STREAMING);
            new SqliteShell(db).run(SqliteWorkload.writes(2, 300, 320));
            awaitConverged(prefix, "app", db, SqliteWorkload.TABLES);
            assertThat(runner.state()).isEqualTo(CaptureRunner.State.STREAMING);
            // every change acknowledged by Kafka has left the changelog
            await().atMost(Duration.ofSeconds(10)).until(() -> METRICS.get("cutover.capture.backlog.events")
                    .tag("source", "app").gauge().value() == 0.0);
            assertThat(METRICS.get("cutover.capture.snapshot.rows").tag("source", "app").tag("table", "users")
                    .counter().count()).isGreaterThanOrEqualTo(300);
            assertThat(METRICS.get("cutover.capture.events").tag("source", "app").tag("op", "d").counters()).isNotEmpty();
        }
    }

    @Test
    void wrongTypesAreWrittenByTheAppAndCapturedIntact() throws Exception {
        Path db = dir.resolve("typed.db");
        new SqliteShell(db).run("CREATE TABLE typed(id INTEGER PRIMARY KEY, n INTEGER, s TEXT);"
                + "INSERT INTO typed VALUES (1, 10, 'ten');");
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, dir.resolve("state"), db, "typed", true))) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.state() == CaptureRunner.State.STREAMING);
            new SqliteShell(db).run("INSERT INTO typed VALUES (2, 'not a number', x'ff00c328');"
                    + "INSERT INTO typed VALUES (3, 9223372036854775807, CAST(x'c328' AS TEXT));");
            awaitConverged(prefix, "typed", db, "typed");
            TopicState topic = TopicState.read(bootstrap, TopicNames.forTable(prefix, "typed", "typed"));
            Map<String, Object> two = topic.events.get("{\"id\":2}").after();
            assertThat(two.get("n")).isEqualTo("not a number");
            assertThat((byte[]) two.get("s")).containsExactly(0xff, 0x00, 0xc3, 0x28);
            assertThat(topic.events.get("{\"id\":3}").after().get("n")).isEqualTo(Long.MAX_VALUE);
            String name = TopicNames.forTable(prefix, "typed", "typed");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(2);
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name)))
                        .all().get().values().iterator().next();
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo("3600000");
            }
            TableSchema schema = topic.schemas.get("{\"id\":2}");
            assertThat(schema.column("n").orElseThrow().profile().valueClasses()).contains(StorageClass.TEXT, StorageClass.INTEGER);
            assertThat(schema.column("s").orElseThrow().profile().valueClasses()).contains(StorageClass.BLOB);
            runner.stop();
            assertThat(runner.state()).isEqualTo(CaptureRunner.State.STOPPED);
            assertThat(dir.resolve("state").resolve("typed.offsets")).isNotEmptyFile();
        }
    }

    @Test
    void aTableRebuiltByTheTwelveStepAlterKeepsBeingCaptured() throws Exception {
        Path db = dir.resolve("alter.db");
        new SqliteShell(db).run("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER);"
                + "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 40)"
                + " INSERT INTO items SELECT i, 'item' || i, i FROM s;");
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, dir.resolve("state"), db, "alter", true))) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.state() == CaptureRunner.State.STREAMING);
            new SqliteShell(db).run(String.join("\n",
                    "PRAGMA foreign_keys = OFF;",
                    "BEGIN;",
                    "CREATE TABLE new_items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty REAL, note TEXT DEFAULT 'n/a');",
                    "INSERT INTO new_items(id, name, qty) SELECT id, name, qty * 1.5 FROM items WHERE id <> 7;",
                    "DROP TABLE items;",
                    "ALTER TABLE new_items RENAME TO items;",
                    "PRAGMA foreign_key_check;",
                    "COMMIT;",
                    "PRAGMA foreign_keys = ON;",
                    "UPDATE items SET note = 'after' WHERE id = 3;",
                    "INSERT INTO items(id, name) VALUES (100, 'new');"));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                TopicState topic = TopicState.read(bootstrap, TopicNames.forTable(prefix, "alter", "items"));
                assertThat(topic.events.get("{\"id\":3}").after()).containsEntry("note", "after");
                assertThat(topic.events.get("{\"id\":100}").after()).containsEntry("name", "new");
                assertThat(topic.events.get("{\"id\":5}").after()).containsEntry("qty", 7.5).containsEntry("note", "n/a");
            });
            new SqliteShell(db).run("UPDATE items SET qty = 0 WHERE id = 1; DELETE FROM items WHERE id = 2;");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                TopicState topic = TopicState.read(bootstrap, TopicNames.forTable(prefix, "alter", "items"));
                assertThat(topic.events.get("{\"id\":1}").after()).containsEntry("qty", 0.0);
                assertThat(topic.rows).doesNotContainKey("{\"id\":2}");
            });
            // Known limit: row 7, dropped by the rebuild while triggers were gone, is not deleted on the topic.
            assertThat(runner.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }

    @Test
    void aMissingFileFailsWithAMessageThatSaysWhatToDo() throws Exception {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (CaptureRunner runner = new CaptureRunner(settings(prefix, dir.resolve("state"), dir.resolve("nope.db"), "gone", false))) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.state() == CaptureRunner.State.FAILED);
            assertThat(runner.failure()).hasValueSatisfying(m -> assertThat(m).contains("does not exist").contains("path"));
        }
        assertThat(dir.resolve("nope.db")).doesNotExist();
    }
}
