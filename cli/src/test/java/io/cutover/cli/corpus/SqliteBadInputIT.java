package io.cutover.cli.corpus;

import io.cutover.capture.CaptureRunner;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus for SQLite sources, end to end: the real sqlite3 shell writes, capture and the
 * applier run on the real broker and Postgres, and each case ends either with the value intact in
 * Postgres or with a dead letter naming the table, key and column, while later writes still arrive.
 * Cases and outcomes are listed in docs/BAD-INPUT.md.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class SqliteBadInputIT {
    static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    static {
        Metrics.addRegistry(METRICS);
    }

    private static Path db(Path dir, String sql) throws Exception {
        Path db = dir.resolve("app.db");
        new SqliteShell(db).run(sql);
        return db;
    }

    @Test
    void integersAtTheSixtyFourBitLimitsArriveExactly(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path db = db(dir, "CREATE TABLE limits(id INTEGER PRIMARY KEY, v INTEGER);"
                + "INSERT INTO limits VALUES (1, 9223372036854775807), (2, -9223372036854775808), (3, 0), (4, -1);");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            new SqliteShell(db).run("INSERT INTO limits VALUES (9223372036854775807, -9223372036854775808);");
            p.awaitRows("limits", "id", 5);
            assertThat(p.rows("limits", "id")).extracting(r -> r.get("id"), r -> r.get("v")).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1L, Long.MAX_VALUE), org.assertj.core.groups.Tuple.tuple(2L, Long.MIN_VALUE),
                    org.assertj.core.groups.Tuple.tuple(3L, 0L), org.assertj.core.groups.Tuple.tuple(4L, -1L),
                    org.assertj.core.groups.Tuple.tuple(Long.MAX_VALUE, Long.MIN_VALUE));
        }
    }

    @Test
    void infinityInARealColumnArrivesAsInfinityAndSqliteNanIsNull(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        // SQLite has no NaN: 0.0/0.0 is NULL, so the only non-finite REALs a source can hold are the infinities.
        Path db = db(dir, "CREATE TABLE reals(id INTEGER PRIMARY KEY, v REAL);"
                + "INSERT INTO reals VALUES (1, 9e999), (2, -9e999), (3, 0.0/0.0), (4, 1.7976931348623157e308), (5, 4.9e-324);");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            p.awaitRows("reals", "id", 5);
            assertThat(p.rows("reals", "id")).extracting(r -> r.get("v")).containsExactly(Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, null, Double.MAX_VALUE, Double.MIN_VALUE);
        }
    }

    @Test
    void emptyStringAndNullStayDistinct(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path db = db(dir, "CREATE TABLE blanks(id INTEGER PRIMARY KEY, t TEXT, b BLOB);"
                + "INSERT INTO blanks VALUES (1, '', X''), (2, NULL, NULL);");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            new SqliteShell(db).run("UPDATE blanks SET t = NULL, b = NULL WHERE id = 1; UPDATE blanks SET t = '', b = X'' WHERE id = 2;");
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                List<Map<String, Object>> rows = p.rows("blanks", "id");
                assertThat(rows.get(0).get("t")).isNull();
                assertThat(rows.get(0).get("b")).isNull();
                assertThat(rows.get(1).get("t")).isEqualTo("");
                assertThat((byte[]) rows.get(1).get("b")).isEmpty();
            });
        }
    }

    @Test
    void textPostgresCannotHoldIsDeadLetteredNamingTableKeyAndColumnAndLaterWritesArrive(KafkaFixture kafka, PostgresFixture pg,
                                                                                        @TempDir Path dir) throws Exception {
        Path db = db(dir, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
                + "INSERT INTO notes VALUES (1, 'fine'), (2, CAST(X'610062' AS TEXT)), (3, CAST(X'61FF62' AS TEXT));");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            List<Map<String, String>> dlq = p.awaitDeadLetters(2);
            assertThat(dlq).allSatisfy(h -> {
                assertThat(h.get("cutover.table")).isEqualTo("notes");
                assertThat(h.get("cutover.column")).isEqualTo("body");
            });
            assertThat(dlq).extracting(h -> h.get("cutover.key")).containsExactlyInAnyOrder("{\"id\":2}", "{\"id\":3}");
            assertThat(dlq).extracting(h -> h.get("cutover.error")).anySatisfy(e -> assertThat(e).contains("NUL").contains("bytea"))
                    .anySatisfy(e -> assertThat(e).contains("not valid UTF-8").contains("bytea"));
            new SqliteShell(db).run("INSERT INTO notes VALUES (4, 'after');");
            p.awaitRows("notes", "id", 2);
            assertThat(p.rows("notes", "id")).extracting(r -> r.get("body")).containsExactly("fine", "after");
        }
    }

    @Test
    void aNewTableWhoseFirstRowIsRejectedStillReceivesTheRowsAfterIt(KafkaFixture kafka, PostgresFixture pg,
                                                                   @TempDir Path dir) throws Exception {
        Path db = db(dir, "CREATE TABLE firstbad(id INTEGER PRIMARY KEY, body TEXT);"
                + "INSERT INTO firstbad VALUES (1, CAST(X'610062' AS TEXT)), (2, 'fine'), (3, 'also fine');");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            List<Map<String, String>> dlq = p.awaitDeadLetters(1);
            assertThat(dlq.get(0)).containsEntry("cutover.table", "firstbad").containsEntry("cutover.column", "body");
            new SqliteShell(db).run("INSERT INTO firstbad VALUES (4, 'after');");
            p.awaitRows("firstbad", "id", 3);
            assertThat(p.rows("firstbad", "id")).extracting(r -> r.get("body")).containsExactly("fine", "also fine", "after");
            assertThat(p.applier.state()).isEqualTo(io.cutover.applier.Applier.State.RUNNING);
        }
    }

    @Test
    void nulAndInvalidUtf8InTextArriveByteExactInAByteaColumn(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path db = db(dir, "CREATE TABLE raw(id INTEGER PRIMARY KEY, body TEXT);"
                + "INSERT INTO raw VALUES (1, CAST(X'610062' AS TEXT)), (2, CAST(X'61FF62C3' AS TEXT)), (3, 'ünï');");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of("raw.body", "bytea")).start()) {
            p.awaitRows("raw", "id", 3);
            assertThat(p.rows("raw", "id")).extracting(r -> HexFormat.of().formatHex((byte[]) r.get("body")))
                    .containsExactly("610062", "61ff62c3", HexFormat.of().formatHex("ünï".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void identifiersWithQuotesSpacesUnicodeAndReservedWordsKeepTheirNames(KafkaFixture kafka, PostgresFixture pg,
                                                                         @TempDir Path dir) throws Exception {
        Path db = db(dir, "CREATE TABLE \"order\"(\"select\" INTEGER PRIMARY KEY, \"from\" TEXT, \"Grüße\" TEXT);"
                + "CREATE TABLE \"my \"\"quoted\"\" table\"(\"a b\" TEXT PRIMARY KEY, \"it's\" TEXT, \"日本\" INTEGER);"
                + "INSERT INTO \"order\" VALUES (1, 'x', 'ä');"
                + "INSERT INTO \"my \"\"quoted\"\" table\" VALUES ('k 1', 'y', 7);");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            new SqliteShell(db).run("UPDATE \"order\" SET \"Grüße\" = 'ö' WHERE \"select\" = 1;"
                    + "INSERT INTO \"my \"\"quoted\"\" table\" VALUES ('k 2', 'z', 8);");
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                assertThat(p.rows("order", "\"select\"")).containsExactly(Map.of("select", 1L, "from", "x", "Grüße", "ö"));
                assertThat(p.rows("my \"quoted\" table", "\"a b\"")).containsExactly(
                        Map.of("a b", "k 1", "it's", "y", "日本", 7L), Map.of("a b", "k 2", "it's", "z", "日本", 8L));
            });
        }
    }

    @Test
    void sqlInjectionInIdentifiersAndValuesIsStoredAsData(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        String evil = "x\"; DROP TABLE victims; --";
        String value = "'); DROP TABLE victims; --";
        try (Connection c = pg.connection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS victims(id int)");
        }
        Path db = db(dir, "CREATE TABLE \"" + evil.replace("\"", "\"\"") + "\"(id INTEGER PRIMARY KEY, \"v'); DROP TABLE victims; --\" TEXT);"
                + "INSERT INTO \"" + evil.replace("\"", "\"\"") + "\" VALUES (1, '" + value.replace("'", "''") + "');");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            p.awaitRows(evil, "id", 1);
            assertThat(p.rows(evil, "id")).containsExactly(Map.of("id", 1L, "v'); DROP TABLE victims; --", value));
        }
        try (Connection c = pg.connection()) {
            assertThat(c.createStatement().executeQuery("SELECT to_regclass('public.victims') IS NOT NULL").next()).isTrue();
            var rs = c.createStatement().executeQuery("SELECT to_regclass('public.victims') IS NOT NULL");
            rs.next();
            assertThat(rs.getBoolean(1)).as("victims still exists").isTrue();
        }
    }

    @Test
    void aTenMegabyteValueArrivesIntact(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        // randomblob keeps the record incompressible, so it is ten megabytes on the wire too.
        Path db = db(dir, "CREATE TABLE big(id INTEGER PRIMARY KEY, t TEXT, b BLOB);"
                + "INSERT INTO big VALUES (1, 'small', X'00');");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            new SqliteShell(db).run("INSERT INTO big VALUES (2, hex(randomblob(5242880)), randomblob(10485760));"
                    + "INSERT INTO big VALUES (3, 'after', X'01');");
            p.awaitRows("big", "id", 3);
            List<String> want = new SqliteShell(db).query("SELECT length(t), hex(substr(t, 1, 16)), hex(sha3(t)), length(b), hex(sha3(b)) FROM big WHERE id = 2;");
            try (Connection c = pg.connection(); var rs = c.createStatement().executeQuery("SELECT length(t), t, b FROM "
                    + CorpusPipeline.q(p.prefix) + ".big WHERE id = 2")) {
                assertThat(rs.next()).isTrue();
                String[] w = want.get(0).split("\\|");
                assertThat(rs.getInt(1)).isEqualTo(Integer.parseInt(w[0])).isEqualTo(10_485_760);
                assertThat(sha3(rs.getString(2).getBytes(StandardCharsets.UTF_8))).isEqualToIgnoringCase(w[2]);
                assertThat(rs.getBytes(3)).hasSize(Integer.parseInt(w[3]));
                assertThat(sha3(rs.getBytes(3))).isEqualToIgnoringCase(w[4]);
            }
            assertThat(p.capture.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }

    @Test
    void aTenMegabyteRowPostgresRejectsIsDeadLetteredAndLaterRowsArrive(KafkaFixture kafka, PostgresFixture pg,
                                                                      @TempDir Path dir) throws Exception {
        // Random bytes cast to TEXT are not UTF-8: Postgres text cannot take them, so the row is dead-lettered,
        // and its dead letter is as large as the row. The test's own DLQ reader subscribes first, so the
        // broker auto-creates the topic with its 1 MB limit: the applier must raise it, not stop.
        Path db = db(dir, "CREATE TABLE hugebad(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO hugebad VALUES (1, 'small');");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            p.awaitRows("hugebad", "id", 1);
            new SqliteShell(db).run("INSERT INTO hugebad VALUES (2, CAST(X'FF' || randomblob(10485760) AS TEXT));"
                    + "INSERT INTO hugebad VALUES (3, 'after');");
            List<Map<String, String>> dlq = p.awaitDeadLetters(1);
            assertThat(dlq.get(0)).containsEntry("cutover.table", "hugebad").containsEntry("cutover.column", "body");
            p.awaitRows("hugebad", "id", 2);
            assertThat(p.rows("hugebad", "id")).extracting(r -> r.get("body")).containsExactly("small", "after");
            assertThat(p.applier.state()).isEqualTo(io.cutover.applier.Applier.State.RUNNING);
        }
    }

    private static String sha3(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA3-256").digest(b));
    }

    @Test
    void aFileThatIsNotADatabaseFailsCaptureNamingTheFile(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path db = dir.resolve("notes.txt");
        Files.writeString(db, "these are my notes, not a SQLite database\n".repeat(100));
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of())) {
            try {
                p.start();
            } catch (Exception e) {
                assertThat(e.getMessage()).contains(db.toString());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> p.capture.state() == CaptureRunner.State.FAILED);
            assertThat(p.capture.failure()).get().asString().contains(db.toString()).containsIgnoringCase("not a SQLite database");
        }
        assertThat(Files.readString(db)).startsWith("these are my notes").as("the file is left as it was");
    }

    @Test
    void aDatabaseLockedByALongWriterIsCapturedOnceTheLockIsReleased(KafkaFixture kafka, PostgresFixture pg,
                                                                   @TempDir Path dir) throws Exception {
        // Rollback-journal mode: a writer holding the EXCLUSIVE lock blocks every reader, capture included.
        Path db = db(dir, "CREATE TABLE ledger(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO ledger VALUES (1, 'before');");
        SqliteShell shell = new SqliteShell(db);
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> p.capture.state() == CaptureRunner.State.STREAMING);
            p.awaitRows("ledger", "id", 1);
            double busy = busyErrors();
            // The writer holds the lock well past capture's 5 s busy timeout: a busy-wait in SQL, no sleep.
            try (ExternalProcess writer = shell.start("BEGIN EXCLUSIVE; INSERT INTO ledger VALUES (2, 'during');"
                    + "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) FROM c;"
                    + "INSERT INTO ledger VALUES (3, 'end of the long write'); COMMIT;")) {
                await().atMost(Duration.ofSeconds(120)).until(() -> busyErrors() > busy);
                writer.awaitSuccess(Duration.ofMinutes(3));
            }
            shell.run("INSERT INTO ledger VALUES (4, 'after');");
            p.awaitRows("ledger", "id", 4);
            assertThat(p.rows("ledger", "id")).extracting(r -> r.get("v"))
                    .containsExactly("before", "during", "end of the long write", "after");
            assertThat(p.capture.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }

    private static double busyErrors() {
        var c = METRICS.find("cutover.capture.errors").tags("source", "app", "kind", "busy").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aDatabaseOnAPathWithSpacesIsCaptured(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path db = Files.createDirectories(dir.resolve("my app data")).resolve("app db (copy).sqlite");
        new SqliteShell(db).run("CREATE TABLE spaced(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO spaced VALUES (1, 'a');");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            new SqliteShell(db).run("INSERT INTO spaced VALUES (2, 'b');");
            p.awaitRows("spaced", "id", 2);
            assertThat(p.rows("spaced", "id")).extracting(r -> r.get("v")).containsExactly("a", "b");
        }
    }

    @Test
    void twoTablesWhoseNamesMeetOnlyAfterPostgresTruncatesThemKeepTheirRowsApart(KafkaFixture kafka, PostgresFixture pg,
                                                                                  @TempDir Path dir) throws Exception {
        // Postgres cuts identifiers at 63 bytes; these two differ only after that.
        String a = "t".repeat(70) + "_alpha";
        String b = "t".repeat(70) + "_beta";
        Path db = db(dir, "CREATE TABLE " + a + "(id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE " + b + "(id INTEGER PRIMARY KEY, w TEXT);"
                + "INSERT INTO " + a + " VALUES (1, 'a1'); INSERT INTO " + b + " VALUES (1, 'b1'), (2, 'b2');");
        try (CorpusPipeline p = CorpusPipeline.sqlite(kafka, pg, dir, db, Map.of()).start()) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                try (Connection c = pg.connection(); var rs = c.prepareStatement("SELECT source_table, target_table FROM "
                        + CorpusPipeline.q("cutover_" + p.prefix) + ".tables ORDER BY source_table").executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    String ta = rs.getString(2);
                    assertThat(rs.next()).isTrue();
                    String tb = rs.getString(2);
                    assertThat(ta).isNotEqualTo(tb);
                    assertThat(ta.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
                    assertThat(p.rows(ta, "id")).containsExactly(Map.of("id", 1L, "v", "a1"));
                    assertThat(p.rows(tb, "id")).extracting(r -> r.get("w")).containsExactly("b1", "b2");
                }
            });
        }
    }
}
