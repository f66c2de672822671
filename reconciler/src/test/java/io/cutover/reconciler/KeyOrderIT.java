package io.cutover.reconciler;

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
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keys that SQLite and Postgres order differently still match: text under a NOCASE collation and
 * non-ASCII text (both sides read in byte order), BLOB keys, composite keys, and a key column holding
 * integers and text (Postgres text column: '10' sorts before '9', SQLite puts integers first; the
 * verifier notices and compares that table sorted in memory).
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class KeyOrderIT {

    @Test
    void everyKindOfKeyMatchesAcrossTheTwoOrdersAndDifferencesAreStillFound(KafkaFixture kafka, PostgresFixture pg,
                                                                           @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        new SqliteShell(db).run(String.join("\n",
                "PRAGMA journal_mode=WAL;",
                "CREATE TABLE mixed(k PRIMARY KEY, v);",
                "INSERT INTO mixed VALUES (1, 'i1'), (2, 'i2'), (10, 'i10'), ('9', 't9'), ('B', 'tB'), ('a', 'ta'), ('é', 'te');",
                "CREATE TABLE texts(k TEXT PRIMARY KEY COLLATE NOCASE, v) WITHOUT ROWID;",
                "INSERT INTO texts VALUES ('b', 1), ('A', 2), ('é', 3), ('Z', 4), ('\uD834\uDD1E', 5), ('\uFFFD', 6), ('', 7);",
                "CREATE TABLE blobs(k BLOB PRIMARY KEY, v);",
                "INSERT INTO blobs VALUES (x'00', 1), (x'ff', 2), (x'7f01', 3), (x'', 4);",
                "CREATE TABLE comp(a INTEGER, b TEXT, v, PRIMARY KEY(a, b)) WITHOUT ROWID;",
                "INSERT INTO comp VALUES (2, 'x', 1), (10, 'x', 2), (2, 'X', 3), (-1, 'z', 4);"));
        try (Pipeline p = new Pipeline(kafka, pg, db, dir.resolve("state"), "keys")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> Verification.run(p.reconcilerSettings, t -> true, Duration.ofSeconds(5), false).inSync());
            Verification.Result clean = Verification.run(p.reconcilerSettings, t -> true, Duration.ofSeconds(5), false);
            assertThat(clean.compared()).isEqualTo(7 + 7 + 4 + 4);

            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("UPDATE mixed SET v = 'changed' WHERE k = '10'");
                st.execute("UPDATE texts SET v = 0 WHERE k = 'é'");
                st.execute("DELETE FROM blobs WHERE k = '\\x7f01'");
                st.execute("UPDATE comp SET v = 0 WHERE a = 2 AND b = 'X'");
            }
            Verification.Result r = Verification.run(p.reconcilerSettings, t -> true, Duration.ofSeconds(20), false);
            assertThat(r.confirmed().stream().map(d -> d.table().table() + " " + ReconcileResultStore.keyJson(d) + " "
                    + d.kind().label() + d.columns()).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                    "mixed {\"k\":\"10\"} different[v]",
                    "texts {\"k\":\"é\"} different[v]",
                    "blobs {\"k\":\"\\\\x7f01\"} missing[]",
                    "comp {\"a\":2,\"b\":\"X\"} different[v]");
        }
    }
}
