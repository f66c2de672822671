package io.cutover.reverse;

import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** After the write switch, what the app writes on Postgres appears in the SQLite file. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class ReverseReplicationIT {
    static final String SCHEMA = "PRAGMA journal_mode=WAL;\n"
            + "CREATE TABLE accounts (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, active BOOLEAN, "
            + "created DATETIME, score REAL, avatar BLOB);\n"
            + "CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(id), body TEXT);\n"
            + "WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 50) "
            + "INSERT INTO accounts (email, active, created, score, avatar) SELECT 'u' || x || '@example.com', x % 2, "
            + "datetime(1700000000 + x, 'unixepoch'), x / 4.0, randomblob(4) FROM i;\n"
            + "WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 200) "
            + "INSERT INTO events (account_id, body) SELECT 1 + x % 50, 'seed-' || x FROM i;\n";

    static void awaitCaughtUp(PostgresFixture pg, SqliteShell shell, String prefix, String table) {
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
            long source = Long.parseLong(shell.query("SELECT count(*) FROM " + table + ";").get(0));
            try (Connection c = pg.connection()) {
                assertThat(count(c, "SELECT count(*) FROM " + prefix + "." + table)).isEqualTo(source);
            }
        });
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void writesOnPostgresAfterTheSwitchAppearInTheSqliteFileWithoutBeingCapturedAgain(KafkaFixture kafka, PostgresFixture pg,
                                                                                      @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.globalRegistry.add(prometheus);
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "rrepl")) {
            awaitCaughtUp(pg, shell, "rrepl", "events");
            awaitCaughtUp(pg, shell, "rrepl", "accounts");
            p.switchWrites();
            p.startReverse();
            String changelogBefore = shell.query("SELECT count(*) || '/' || coalesce(max(seq), 0) FROM _cutover_changes;").get(0);
            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("SET search_path TO rrepl");
                st.execute("INSERT INTO accounts (email, active, created, score, avatar) VALUES "
                        + "('pg@example.com', true, '2024-05-06 07:08:09.5+00', 2.25, '\\x00ff')");
                st.execute("INSERT INTO events (account_id, body) SELECT 1, 'pg-' || x FROM generate_series(1, 20) x");
                st.execute("UPDATE events SET body = body || '-edited' WHERE id <= 10");
                st.execute("DELETE FROM events WHERE id BETWEEN 11 AND 15");
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(p.reverseFailure()).isNull();
                assertThat(shell.query("SELECT count(*) FROM events WHERE body LIKE 'pg-%';")).containsExactly("20");
                assertThat(shell.query("SELECT count(*) FROM events WHERE id BETWEEN 11 AND 15;")).containsExactly("0");
                assertThat(shell.query("SELECT count(*) FROM events WHERE id <= 10 AND body LIKE '%-edited';"))
                        .containsExactly("10");
            });
            assertThat(shell.query("SELECT email, active, created, score, hex(avatar) FROM accounts WHERE email = 'pg@example.com';"))
                    .as("values as the source stores them: 0/1, datetime() text in UTC, REAL, BLOB")
                    .containsExactly("pg@example.com|1|2024-05-06 07:08:09.5|2.25|00FF");
            assertThat(shell.query("SELECT count(*) || '/' || coalesce(max(seq), 0) FROM _cutover_changes;"))
                    .as("the write-back is not captured: no loop to Postgres").containsExactly(changelogBefore);
            long pgEvents;
            try (Connection c = pg.connection()) {
                pgEvents = count(c, "SELECT count(*) FROM rrepl.events");
            }
            assertThat(shell.query("SELECT count(*) FROM events;")).containsExactly(Long.toString(pgEvents));
            assertThat(shell.query("SELECT count(*) FROM sqlite_master WHERE name LIKE 'cutover_fence_%';"))
                    .as("the file stays fenced for the app").isNotEqualTo(List.of("0"));
            p.reversePath.tick();
            String scrape = prometheus.scrape();
            assertThat(scrape).contains("cutover_reverse_events_applied_total{op=\"c\",table=\"events\"}",
                    "cutover_reverse_lag_events{topic=\"rrepl.reverse.app.events\"} 0.0", "cutover_reverse_lag_seconds{",
                    "cutover_reverse_errors_total{", "cutover_reverse_slot_retained_wal_bytes ");
        } finally {
            Metrics.globalRegistry.remove(prometheus);
        }
    }
}
