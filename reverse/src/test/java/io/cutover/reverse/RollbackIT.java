package io.cutover.reverse;

import io.cutover.control.ControlException;
import io.cutover.control.ControlMetrics;
import io.cutover.control.CutoverController;
import io.cutover.control.CutoverStateStore;
import io.cutover.control.Phase;
import io.cutover.control.RoutingHandler;
import io.cutover.core.http.HttpEndpoint;
import io.cutover.reconciler.Verification;
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

import static io.cutover.reverse.ReverseReplicationIT.SCHEMA;
import static io.cutover.reverse.ReverseReplicationIT.awaitCaughtUp;
import static io.cutover.reverse.ReverseReplicationIT.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Rollback after the write switch, under a steady write load that follows the routing. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class RollbackIT {
    @Test
    void aRollbackUnderLoadReturnsToTheSourceWithEveryAcknowledgedWriteExactlyOnce(KafkaFixture kafka, PostgresFixture pg,
                                                                                  @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA);
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "rback");
             HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            CutoverStateStore store = p.controller().store();
            p.controller().state();
            http.addHandler("/v1/routing", new RoutingHandler(p.pool, store, 50, new ControlMetrics()));
            URI routing = URI.create("http://127.0.0.1:" + http.port() + "/v1/routing");
            awaitCaughtUp(pg, shell, "rback", "events");
            awaitCaughtUp(pg, shell, "rback", "accounts");
            try (RoutingAppWriter app = new RoutingAppWriter(db, routing, () -> {
                try {
                    Connection c = pg.connection();
                    c.createStatement().execute("SET search_path TO rback");
                    return c;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 100)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> app.onSqlite.get() >= 100 || app.failure() != null);
                p.switchWrites();
                p.startReverse();
                await().atMost(Duration.ofSeconds(60)).until(() -> app.onPostgres.get() >= 200 || app.failure() != null);
                int sqliteBefore = app.onSqlite.get();
                CutoverController.SwitchReport report = p.rollback().rollback("test", () -> {
                    Verification.Result r = Verification.run(p.reconciler, t -> true, Duration.ofSeconds(30), false);
                    assertThat(r.confirmed()).as("differences after the drain").isEmpty();
                    assertThat(r.unsettled()).isEmpty();
                }, p::stopReverse);
                await().atMost(Duration.ofSeconds(60)).until(() -> app.onSqlite.get() >= sqliteBefore + 100 || app.failure() != null);
                app.close();
                assertThat(app.failure()).isNull();
                List<String> acked = new ArrayList<>(app.acknowledged);
                assertThat(shell.query("SELECT body FROM events WHERE body LIKE 'write-%';"))
                        .as("every acknowledged write in the source exactly once, nothing else")
                        .containsExactlyInAnyOrderElementsOf(acked);
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                        assertThat(bodies(pg, "rback")).as("and, forward again, in Postgres").containsExactlyInAnyOrderElementsOf(acked));
                try (Connection c = pg.connection()) {
                    assertThat(store.read(c).phase()).isEqualTo(Phase.CAPTURING);
                    assertThat(store.read(c).freezeSeconds()).isEqualTo(report.freezeSeconds());
                    assertThat(store.history(c, 10)).extracting(CutoverStateStore.Change::to).startsWith(Phase.CAPTURING,
                            Phase.ROLLING_BACK, Phase.WRITES_ON_POSTGRES);
                    assertThat(count(c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rback_slot'"))
                            .as("the slot is dropped, so it cannot hold WAL").isZero();
                    assertThat(count(c, "SELECT count(*) FROM pg_trigger WHERE tgname = 'cutover_fence'")).isZero();
                }
                System.out.printf("rollback freeze %.3f s (%s); %d writes on Postgres, %d refused and retried%n",
                        report.freezeSeconds(), String.join("; ", report.steps()), app.onPostgres.get(), app.refused.get());
            }
        }
    }

    @Test
    void aRollbackThatCannotDrainLeavesWritesOnPostgresUnfrozenAndTheSlotInPlace(KafkaFixture kafka, PostgresFixture pg,
                                                                                @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA);
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "rbfail")) {
            awaitCaughtUp(pg, shell, "rbfail", "events");
            p.switchWrites(); // the reverse path is not started: nothing can drain
            try (Connection c = pg.connection()) {
                c.createStatement().execute("INSERT INTO rbfail.events (account_id, body) VALUES (1, 'only on postgres')");
            }
            assertThatThrownBy(() -> p.rollback(Duration.ofSeconds(3)).rollback("test", () -> { }, () -> { }))
                    .isInstanceOf(ControlException.class).hasMessageContaining("writes stay on Postgres, unfrozen")
                    .hasMessageContaining("drain marker");
            try (Connection c = pg.connection()) {
                assertThat(new CutoverStateStore(p.control).read(c).phase()).isEqualTo(Phase.WRITES_ON_POSTGRES);
                c.createStatement().execute("INSERT INTO rbfail.events (account_id, body) VALUES (1, 'still writable')");
                assertThat(count(c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rbfail_slot'")).isEqualTo(1);
            }
            assertThat(shell.query("SELECT count(*) FROM events WHERE body = 'only on postgres';")).containsExactly("0");
            p.startReverse(); // once the path runs, the rollback goes through and nothing is lost
            p.rollback().rollback("test", () -> { }, p::stopReverse);
            assertThat(shell.query("SELECT count(*) FROM events WHERE body IN ('only on postgres', 'still writable');"))
                    .containsExactly("2");
        }
    }

    static List<String> bodies(PostgresFixture pg, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT body FROM " + schema + ".events WHERE body LIKE 'write-%'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
