package io.cutover.control;

import io.cutover.core.http.HttpEndpoint;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The operator's side against a real pipeline: capture, broker, applier, Postgres, and a writing app. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class CutoverIT {
    private static final String SCHEMA = "PRAGMA journal_mode=WAL;\n"
            + "CREATE TABLE accounts (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, n INTEGER);\n"
            + "CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(id), body TEXT);\n"
            + "WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 300) "
            + "INSERT INTO accounts (email, n) SELECT 'u' || x || '@example.com', x FROM i;\n"
            + "DELETE FROM accounts WHERE id > 250;\n"
            + "WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 500) "
            + "INSERT INTO events (account_id, body) SELECT 1 + x % 200, 'seed-' || x FROM i;\n";

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitCaughtUp(Pipeline p, SqliteShell shell, PostgresFixture pg, String table) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            long source = Long.parseLong(shell.query("SELECT count(*) FROM " + table + ";").get(0));
            try (Connection c = pg.connection()) {
                assertThat(count(c, "SELECT count(*) FROM " + p.prefix + "." + table)).isEqualTo(source);
            }
        });
    }

    @Test
    void aWholeCutoverUnderLoadKeepsEveryAcknowledgedWriteExactlyOnce(KafkaFixture kafka, PostgresFixture pg,
                                                                     @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA);
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "whole");
             HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            CutoverController controller = p.controller(Duration.ofSeconds(30));
            CutoverStateStore store = controller.store();
            controller.state();
            http.addHandler("/v1/routing", new RoutingHandler(p.pool, store, 50, new ControlMetrics()));
            URI routing = URI.create("http://127.0.0.1:" + http.port() + "/v1/routing");
            awaitCaughtUp(p, shell, pg, "events");
            try (AppWriter app = new AppWriter(db, routing, () -> {
                try {
                    Connection c = pg.connection();
                    c.createStatement().execute("SET search_path TO whole");
                    return c;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 200)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> app.acknowledged.size() >= 200);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                    controller.flipReads(true, "test"); // the gate is tested in ReadinessIT
                    return true;
                });
                CutoverController.SwitchReport report = controller.switchWrites("test", () -> { });
                assertThat(report.freezeSeconds()).isPositive();
                await().atMost(Duration.ofSeconds(30)).until(() -> app.onPostgres.get() >= 200 || app.failure() != null);
                app.close();
                assertThat(app.failure()).isNull();
                List<String> acked = new ArrayList<>(app.acknowledged);
                try (Connection c = pg.connection()) {
                    List<String> inPostgres = new ArrayList<>();
                    try (ResultSet rs = c.createStatement().executeQuery(
                            "SELECT body FROM whole.events WHERE body LIKE 'write-%'")) {
                        while (rs.next()) {
                            inPostgres.add(rs.getString(1));
                        }
                    }
                    assertThat(inPostgres).as("every acknowledged write, exactly once, nothing else")
                            .containsExactlyInAnyOrderElementsOf(acked);
                    assertThat(store.read(c).phase()).isEqualTo(Phase.WRITES_ON_POSTGRES);
                    assertThat(store.read(c).freezeSeconds()).isEqualTo(report.freezeSeconds());
                    assertThat(store.history(c, 10)).extracting(CutoverStateStore.Change::to)
                            .containsExactly(Phase.WRITES_ON_POSTGRES, Phase.READS_ON_POSTGRES);
                    long newId;
                    try (ResultSet rs = c.createStatement().executeQuery(
                            "INSERT INTO whole.accounts (email, n) VALUES ('new@example.com', 0) RETURNING id")) {
                        rs.next();
                        newId = rs.getLong(1);
                    }
                    assertThat(newId).as("past the migrated ids and past SQLite's AUTOINCREMENT high-water mark (300)")
                            .isGreaterThan(300);
                    assertThatThrownBy(() -> c.createStatement().execute(
                            "INSERT INTO whole.events (account_id, body) VALUES (99999, 'dangling')"))
                            .as("foreign keys are enforced after the switch").hasMessageContaining("foreign key");
                }
                System.out.printf("write freeze %.3f s, %d writes rejected by the fence and retried%n",
                        report.freezeSeconds(), app.rejected.get());
            }
            assertThatThrownBy(() -> shell.run("INSERT INTO events (account_id, body) VALUES (1, 'late');"))
                    .hasMessageContaining("Cutover");
        }
    }

    @Test
    void aSwitchThatCannotDrainLeavesWritesOnSqliteAndTheSourceUnfenced(KafkaFixture kafka, PostgresFixture pg,
                                                                        @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA);
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "fails")) {
            awaitCaughtUp(p, shell, pg, "events");
            CutoverController controller = p.controller(Duration.ofSeconds(2));
            controller.flipReads(true, "test"); // the gate is tested in ReadinessIT
            p.stopApplier(); // the applier is down: the topics cannot drain
            shell.run("INSERT INTO events (account_id, body) VALUES (1, 'unapplied');");
            assertThatThrownBy(() -> controller.switchWrites("test", () -> { }))
                    .isInstanceOf(ControlException.class)
                    .hasMessageContaining("writes stay on the source, unfenced")
                    .hasMessageContaining("did not catch up");
            assertThat(SqliteFence.isFenced(db)).isFalse();
            shell.run("INSERT INTO events (account_id, body) VALUES (1, 'still writable');");
            assertThat(controller.state().phase()).isEqualTo(Phase.READS_ON_POSTGRES);
            p.startApplier();
            awaitCaughtUp(p, shell, pg, "events");
        }
    }

    @Test
    void aTableTruncatedByHandIsRebuiltExactlyByReplayFromTheEarliestOffset(KafkaFixture kafka, PostgresFixture pg,
                                                                           @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA + "UPDATE events SET body = body || '-edited' WHERE id % 3 = 0;\nDELETE FROM events WHERE id % 7 = 0;\n");
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "replay")) {
            awaitCaughtUp(p, shell, pg, "events");
            List<String> before = dump(pg, "replay.events");
            try (Connection c = pg.connection()) {
                c.createStatement().execute("TRUNCATE replay.events");
            }
            String topic;
            try (Connection c = pg.connection()) {
                topic = MigratedTables.load(c, p.control).find("app", "events").orElseThrow().topic();
            }
            OffsetReplayer replayer = new OffsetReplayer(p.admin, p.pool, p.control, "replay-applier");
            List<OffsetReplayer.Move> plan = replayer.plan(topic, new OffsetReplayer.Target.Earliest());
            assertThat(plan).allSatisfy(m -> assertThat(m.to()).isLessThan(m.from()));
            replayer.execute(plan);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(dump(pg, "replay.events")).isEqualTo(before));
            assertThat(before).hasSize(Integer.parseInt(shell.query("SELECT count(*) FROM events;").get(0)));
        }
    }

    private static List<String> dump(PostgresFixture pg, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id, account_id, body FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }
}
