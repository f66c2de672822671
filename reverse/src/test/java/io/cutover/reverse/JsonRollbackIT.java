package io.cutover.reverse;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.capture.json.JsonFence;
import io.cutover.control.CutoverController;
import io.cutover.control.CutoverStateStore;
import io.cutover.control.Phase;
import io.cutover.reconciler.Verification;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollback with a JSON source: under a steady write load (a Node.js app on the file while routing says
 * the source, a JDBC writer on Postgres while it says Postgres) every acknowledged write ends in the
 * file exactly once; and forward, back, and forward again ends with file and Postgres equal.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonRollbackIT {
    @Test
    void aRollbackUnderLoadReturnsToTheJsonFilesWithEveryAcknowledgedWriteExactlyOnce(KafkaFixture kafka, PostgresFixture pg,
                                                                                      @TempDir Path dir) throws Exception {
        try (JsonPipeline p = new JsonPipeline(kafka, pg, dir, "jrb", 10)) {
            Path acks = dir.resolve("acks.txt");
            Files.createFile(acks);
            try (ExternalProcess app = JsonPipeline.script("/json-routing-app.js").start(dir, p.data.toString(),
                    p.routing.toString(), acks.toString(), dir.resolve("stop").toString(), "100000");
                 RoutingPostgresWriter pgApp = new RoutingPostgresWriter(p.routing, () -> connect(pg), "jrb", 200000, 50)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readAllLines(acks).size() >= 20);
                p.switchWrites();
                p.startReverse();
                await().atMost(Duration.ofSeconds(60)).until(() -> pgApp.acknowledged.size() >= 100 || pgApp.failure() != null);
                int onFileBefore = Files.readAllLines(acks).size();
                CutoverController.SwitchReport report = p.rollback().rollback("test", () -> assertInSync(p), p::stopReverse);
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readAllLines(acks).size() >= onFileBefore + 20);
                pgApp.close();
                Files.createFile(dir.resolve("stop"));
                assertThat(app.awaitSuccess(Duration.ofSeconds(30))).contains("stopped");
                assertThat(pgApp.failure()).isNull();

                List<Long> acked = new ArrayList<>();
                for (long i = 1; i <= 10; i++) {
                    acked.add(i);
                }
                Files.readAllLines(acks).forEach(l -> acked.add(Long.parseLong(l.trim())));
                acked.addAll(pgApp.acknowledged);
                assertThat(pgApp.acknowledged).hasSizeGreaterThanOrEqualTo(100);
                assertThat(p.fileIds()).as("every acknowledged write in the file exactly once, nothing else")
                        .containsExactlyInAnyOrderElementsOf(acked);
                assertThat(JsonFence.read(p.view.stateDir())).as("the fence is gone").isEmpty();
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                        assertThat(p.pgIds()).as("and, forward again, in Postgres").containsExactlyInAnyOrderElementsOf(acked));
                try (Connection c = pg.connection()) {
                    assertThat(new CutoverStateStore(p.control).read(c).phase()).isEqualTo(Phase.CAPTURING);
                    assertThat(ReverseReplicationIT.count(c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'jrb_slot'"))
                            .isZero();
                }
                System.out.printf("JSON rollback freeze %.3f s (%s); %d writes on Postgres, %d refused and retried%n",
                        report.freezeSeconds(), String.join("; ", report.steps()), pgApp.acknowledged.size(), pgApp.refused.get());
            }
        }
    }

    @Test
    void forwardBackAndForwardAgainEndsWithTheFilesAndPostgresEqual(KafkaFixture kafka, PostgresFixture pg,
                                                                   @TempDir Path dir) throws Exception {
        try (JsonPipeline p = new JsonPipeline(kafka, pg, dir, "jcycle", 20)) {
            p.awaitCaughtUp();
            // forward
            p.switchWrites();
            p.startReverse();
            onPostgres(pg, "INSERT INTO orders (id, item, qty, paid, price, meta) VALUES (500, 'pg1', 1, false, 3.75, '[1, 2]')",
                    "UPDATE orders SET qty = qty + 10, paid = NOT paid WHERE id <= 5",
                    "DELETE FROM orders WHERE id IN (7, 8)",
                    "UPDATE users SET active = NOT active WHERE id = 'u1'",
                    "INSERT INTO users (id, name, active) VALUES ('u7', 'Pg', true)");
            // back
            p.rollback().rollback("test", () -> assertInSync(p), p::stopReverse);
            JsonPipeline.script("/json-edit.js").run(dir, p.data.toString());
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() ->
                    assertThat(p.pgRows(PG_ORDERS)).isEqualTo(fileOrders(p)));
            // forward again
            p.switchWrites();
            p.startReverse();
            onPostgres(pg, "INSERT INTO orders (id, item, qty, paid, price, meta) VALUES (700, 'pg2', 2, true, 0.5, '{\"a\": null}')",
                    "UPDATE orders SET item = item || '-pg2' WHERE id % 3 = 0",
                    "DELETE FROM orders WHERE id = 600",
                    "DELETE FROM users WHERE id = 'u3'");
            p.drain();
            assertThat(p.reversePath.failure()).isEmpty();
            assertInSync(p);
            assertThat(fileOrders(p)).as("independent comparison of the file and Postgres").isEqualTo(p.pgRows(PG_ORDERS))
                    .anyMatch(r -> r.startsWith("700|pg2|")).anyMatch(r -> r.startsWith("601|node|"))
                    .noneMatch(r -> r.startsWith("600|") || r.startsWith("7|"));
            assertThat(fileUsers(p)).isEqualTo(p.pgRows("SELECT id || '|' || name || '|' || active FROM jcycle.users ORDER BY id"))
                    .containsExactly("u1|Ann|false", "u2|Bob|false", "u7|Pg|true");
        }
    }

    private static final String PG_ORDERS = "SELECT format('%s|%s|%s|%s|%s|%s', id, item, qty, CASE WHEN paid THEN 't' ELSE 'f' END, price, meta::text) "
            + "FROM jcycle.orders ORDER BY id";

    /** The orders of the file, formatted like {@link #PG_ORDERS}, read with Jackson rather than capture's code. */
    private static List<String> fileOrders(JsonPipeline p) throws Exception {
        TreeMap<Long, String> out = new TreeMap<>();
        for (JsonNode o : p.file("orders.json").at("/data/orders")) {
            JsonNode meta = JsonPipeline.JSON.readTree(o.get("meta").toString());
            String pgMeta = p.pgRows("SELECT '" + meta.toString().replace("'", "''") + "'::jsonb::text").get(0);
            out.put(o.get("id").asLong(), o.get("id").asLong() + "|" + o.get("item").asText() + "|" + o.get("qty").asLong()
                    + "|" + (o.get("paid").asBoolean() ? "t" : "f") + "|" + o.get("price").decimalValue().toPlainString() + "|" + pgMeta);
        }
        return new ArrayList<>(out.values());
    }

    private static List<String> fileUsers(JsonPipeline p) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        p.file("users.json").fields().forEachRemaining(e -> out.put(e.getKey(), e.getKey() + "|" + e.getValue().get("name").asText()
                + "|" + e.getValue().get("active").asBoolean()));
        return new ArrayList<>(out.values());
    }

    private static void assertInSync(JsonPipeline p) throws Exception {
        Verification.Result r = Verification.run(p.reconciler, t -> true, Duration.ofSeconds(30), false);
        assertThat(r.confirmed()).as("reconciler differences").isEmpty();
        assertThat(r.unsettled()).isEmpty();
        assertThat(r.compared()).isPositive();
    }

    private static void onPostgres(PostgresFixture pg, String... sql) throws SQLException {
        try (Connection c = pg.connection(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO jcycle");
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static Connection connect(PostgresFixture pg) {
        try {
            return pg.connection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
