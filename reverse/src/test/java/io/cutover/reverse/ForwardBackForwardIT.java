package io.cutover.reverse;

import io.cutover.reconciler.Verification;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cutover.reverse.ReverseReplicationIT.SCHEMA;
import static io.cutover.reverse.ReverseReplicationIT.awaitCaughtUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Forward, back, and forward again: both sides end equal, by the reconciler and by an independent dump. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class ForwardBackForwardIT {
    private static final String SQLITE_ACCOUNTS = "SELECT printf('%d|%s|%d|%d|%.4f|%s', id, email, active, "
            + "strftime('%s', created), score, hex(avatar)) FROM accounts ORDER BY id;";
    private static final String PG_ACCOUNTS = "SELECT format('%s|%s|%s|%s|%s|%s', id, email, active::int, "
            + "floor(extract(epoch FROM created))::bigint, to_char(score, 'FM999990.0000'), upper(encode(avatar, 'hex'))) "
            + "FROM cycle.accounts ORDER BY id";

    @Test
    void forwardBackAndForwardAgainEndsWithBothSidesEqual(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir)
            throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA);
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "cycle")) {
            awaitCaughtUp(pg, shell, "cycle", "events");
            awaitCaughtUp(pg, shell, "cycle", "accounts");
            // forward
            p.switchWrites();
            p.startReverse();
            onPostgres(pg, "INSERT INTO accounts (email, active, created, score, avatar) VALUES ('first@pg', false, "
                            + "'2025-01-02 03:04:05+00', 7.5, '\\xcafe')",
                    "UPDATE accounts SET active = NOT active, score = score * 2, created = created + interval '1 day' WHERE id <= 5",
                    "INSERT INTO events (account_id, body) SELECT 2, 'pg1-' || x FROM generate_series(1, 30) x",
                    "DELETE FROM events WHERE id % 9 = 0");
            // back
            p.rollback().rollback("test", () -> assertInSync(p), p::stopReverse);
            shell.run("INSERT INTO accounts (email, active, created, score, avatar) VALUES ('back@sqlite', 1, "
                    + "'2025-06-07 08:09:10', 0.25, x'beef');\n"
                    + "UPDATE events SET body = body || '-sqlite' WHERE id % 4 = 0;\n"
                    + "DELETE FROM events WHERE id % 11 = 0;\n");
            awaitCaughtUp(pg, shell, "cycle", "events");
            awaitCaughtUp(pg, shell, "cycle", "accounts");
            // forward again
            p.switchWrites();
            p.startReverse();
            onPostgres(pg, "INSERT INTO accounts (email, active, created, score, avatar) VALUES ('again@pg', true, "
                            + "'2026-03-04 05:06:07.25+00', 1.125, '\\x01')",
                    "UPDATE events SET body = body || '-pg2' WHERE id % 5 = 0",
                    "DELETE FROM events WHERE id % 13 = 0",
                    "INSERT INTO events (account_id, body) SELECT 3, 'pg2-' || x FROM generate_series(1, 30) x");
            try (Connection c = p.pool.getConnection()) {
                new ReverseDrain(p.reverse, p.admin).await(c, Duration.ofSeconds(90));
            }
            assertThat(p.reverseFailure()).isNull();
            assertInSync(p);
            assertThat(shell.query("SELECT id, account_id, body FROM events ORDER BY id;"))
                    .as("independent dump of events").isEqualTo(pgRows(pg, "SELECT id || '|' || account_id || '|' || body "
                            + "FROM cycle.events ORDER BY id"));
            assertThat(shell.query(SQLITE_ACCOUNTS)).as("independent dump of accounts").isEqualTo(pgRows(pg, PG_ACCOUNTS))
                    .anyMatch(r -> r.contains("again@pg|1|")).anyMatch(r -> r.contains("back@sqlite|1|"));
        }
    }

    private static void assertInSync(Pipeline p) throws Exception {
        Verification.Result r = Verification.run(p.reconciler, t -> true, Duration.ofSeconds(30), false);
        assertThat(r.confirmed()).as("reconciler differences").isEmpty();
        assertThat(r.unsettled()).isEmpty();
        assertThat(r.compared()).isPositive();
    }

    private static void onPostgres(PostgresFixture pg, String... sql) throws SQLException {
        try (Connection c = pg.connection(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO cycle");
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static List<String> pgRows(PostgresFixture pg, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
