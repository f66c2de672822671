package io.cutover.reconciler;

import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No false negatives: Postgres changed behind the pipeline's back is reported key by key, with the
 * kind and the column; with repair, capture re-emits the source rows and the next pass is clean.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class MismatchDetectionIT {
    @BeforeAll
    static void meters() {
        Metrics.addRegistry(new SimpleMeterRegistry());
    }

    static final String SCHEMA = String.join("\n",
            "PRAGMA journal_mode=WAL;",
            "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB, at DATETIME, note TEXT);",
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 200)",
            "  INSERT INTO items SELECT i, 'n' || i, i * 0.1, randomblob(8), datetime(1700000000 + i * 60, 'unixepoch'), '' FROM s;",
            "CREATE TABLE pairs(a TEXT NOT NULL, b INTEGER NOT NULL, v, PRIMARY KEY(a, b)) WITHOUT ROWID;",
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100)",
            "  INSERT INTO pairs SELECT 'k' || (i % 7) || 'é', i, 'v' || i FROM s;",
            "CREATE TABLE nokey(msg TEXT, n INTEGER);",
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100) INSERT INTO nokey SELECT 'm' || i, i FROM s;");

    @Test
    void everyChangeBehindThePipelinesBackIsReportedWithKeyKindAndColumnAndRepairFixesIt(
            KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        new SqliteShell(db).run(SCHEMA);
        try (Pipeline p = new Pipeline(kafka, pg, db, dir.resolve("state"), "mismatch")) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> Verification.run(p.reconcilerSettings, t -> true, Duration.ofSeconds(5), false).inSync()
                            && count(pg, "SELECT count(*) FROM nokey") == 100);

            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("UPDATE items SET name = 'changed' WHERE id = 1");
                st.execute("DELETE FROM items WHERE id = 2");
                st.execute("INSERT INTO items(id, name) VALUES (100000, 'extra')");
                st.execute("UPDATE items SET score = 0.4000000000000001 WHERE id = 4"); // 4 * 0.1 is 0.4: one unit in the last place
                st.execute("UPDATE items SET data = set_byte(data, 0, get_byte(data, 0) # 1) WHERE id = 5");
                st.execute("UPDATE items SET at = at + interval '1 second' WHERE id = 6");
                st.execute("UPDATE items SET note = NULL WHERE id = 7");
                st.execute("UPDATE pairs SET v = 'w' WHERE a = 'k1é' AND b = 1");
                st.execute("DELETE FROM nokey WHERE _rowid = 10");
            }

            Verification.Result r = Verification.run(p.reconcilerSettings, t -> true, Duration.ofSeconds(20), false);
            assertThat(r.inSync()).isFalse();
            assertThat(r.unsettled()).isEmpty();
            Map<String, String> found = r.confirmed().stream().collect(Collectors.toMap(
                    d -> d.table().table() + " " + d.keyMap(), d -> d.kind().label() + " " + d.columns()));
            assertThat(found).containsOnly(
                    Map.entry("items {id=1}", "different [name]"),
                    Map.entry("items {id=2}", "missing []"),
                    Map.entry("items {id=100000}", "extra []"),
                    Map.entry("items {id=4}", "different [score]"),
                    Map.entry("items {id=5}", "different [data]"),
                    Map.entry("items {id=6}", "different [at]"),
                    Map.entry("items {id=7}", "different [note]"),
                    Map.entry("pairs {a=k1é, b=1}", "different [v]"),
                    Map.entry("nokey {_rowid=10}", "missing []"));
            assertThat(count(pg, "SELECT count(*) FROM cutover.reconcile_mismatches")).isEqualTo(9);
            assertThat(count(pg, "SELECT count(*) FROM cutover.reconcile_mismatches WHERE source_table = 'items' "
                    + "AND kind = 'different' AND columns = ARRAY['score'] AND key_json = '{\"id\": 4}'")).isEqualTo(1);

            Verification.Result repaired = Verification.run(p.reconcilerSettings, t -> true, Duration.ofSeconds(20), true);
            assertThat(repaired.repairs()).hasSize(9);
            assertThat(Metrics.globalRegistry.get("cutover.reconcile.repairs").tag("table", "items").counter().count())
                    .isEqualTo(7.0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Verification.run(p.reconcilerSettings, t -> true, Duration.ofSeconds(10), false).inSync());
            assertThat(count(pg, "SELECT count(*) FROM items WHERE id = 100000")).isZero();
            assertThat(count(pg, "SELECT count(*) FROM items WHERE id = 7 AND note = ''")).isEqualTo(1);
            assertThat(count(pg, "SELECT count(*) FROM cutover.reconcile_mismatches")).isZero();

            // The continuous reconciler with repair on does the same by itself.
            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("UPDATE items SET name = 'again' WHERE id = 10");
                st.execute("DELETE FROM pairs WHERE a = 'k2é' AND b = 2");
            }
            double before = Metrics.globalRegistry.get("cutover.reconcile.repairs").tag("table", "items").counter().count();
            try (Reconciler rec = new Reconciler(p.reconcilerSettings.withRepair(true))) {
                rec.start();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        count(pg, "SELECT count(*) FROM items WHERE id = 10 AND name = 'n10'") == 1
                                && count(pg, "SELECT count(*) FROM pairs WHERE a = 'k2é' AND b = 2") == 1
                                && rec.confirmed().isEmpty() && rec.suspects().isEmpty());
                assertThat(Metrics.globalRegistry.get("cutover.reconcile.repairs").tag("table", "items").counter().count())
                        .isEqualTo(before + 1);
                assertThat(rec.state()).isEqualTo(Reconciler.State.RUNNING);
            }
        }
    }

    static long count(PostgresFixture pg, String sql) throws Exception {
        try (Connection c = pg.connection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
