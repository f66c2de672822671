package io.cutover.cli.corpus;

import io.cutover.capture.CaptureRunner;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.NodeScript;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus for JSON data files, end to end: files written by Node.js (as an app would) or
 * byte-exactly (for input no JSON library writes), capture and the applier on the real broker and
 * Postgres. Each case ends with the data intact in Postgres, or with an error naming the file (and the
 * key or field) while nothing is deleted and the other files keep flowing. See docs/BAD-INPUT.md.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonBadInputIT {

    private static Path data(Path dir) throws Exception {
        return Files.createDirectories(dir.resolve("data"));
    }

    private static void write(Path file, String text) throws Exception {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A file that keeps flowing beside the bad one: a change to it must arrive while the bad one is bad. */
    private static void awaitStillFlowing(CorpusPipeline p, Path data, String table) throws Exception {
        write(data.resolve(table + ".json"), "[{\"id\": 1, \"v\": \"first\"}, {\"id\": 2, \"v\": \"later\"}]");
        p.awaitRows(table, "id", 2);
    }

    private static void awaitLog(LogRecorder log, String... parts) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(log.lines())
                .anySatisfy(l -> assertThat(l).contains(parts)));
    }

    @Test
    void malformedJsonIsReportedNamingTheFileDeletesNothingAndOtherFilesFlow(KafkaFixture kafka, PostgresFixture pg,
                                                                            @TempDir Path dir) throws Exception {
        Path data = data(dir);
        write(data.resolve("accounts.json"), "[{\"id\": 1, \"name\": \"ada\"}, {\"id\": 2, \"name\": \"bob\"}]");
        write(data.resolve("side.json"), "[{\"id\": 1, \"v\": \"first\"}]");
        try (LogRecorder log = new LogRecorder(); CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            p.awaitRows("accounts", "id", 2);
            write(data.resolve("accounts.json"), "[{\"id\": 1, \"name\": \"ada\"}, {\"id\": 2, \"name\": }]");
            awaitLog(log, "WARN", "files/accounts.json", "not readable");
            awaitStillFlowing(p, data, "side");
            assertThat(p.rows("accounts", "id")).extracting(r -> r.get("name")).containsExactly("ada", "bob");
            write(data.resolve("accounts.json"), "[{\"id\": 1, \"name\": \"ada\"}, {\"id\": 2, \"name\": \"eve\"}]");
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> assertThat(p.rows("accounts", "id"))
                    .extracting(r -> r.get("name")).containsExactly("ada", "eve"));
            assertThat(p.capture.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }

    @Test
    void duplicateFieldsInARecordAreRejectedNamingTheFileAndTheField(KafkaFixture kafka, PostgresFixture pg,
                                                                     @TempDir Path dir) throws Exception {
        Path data = data(dir);
        write(data.resolve("people.json"), "[{\"id\": 1, \"email\": \"a@x.io\"}]");
        write(data.resolve("side2.json"), "[{\"id\": 1, \"v\": \"first\"}]");
        try (LogRecorder log = new LogRecorder(); CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            p.awaitRows("people", "id", 1);
            // Which of two "email" fields is meant is a guess: JSON parsers disagree, so the file is not taken.
            write(data.resolve("people.json"), "[{\"id\": 1, \"email\": \"a@x.io\", \"email\": \"b@x.io\"}, {\"id\": 2}]");
            awaitLog(log, "files/people.json", "Duplicate field 'email'");
            awaitStillFlowing(p, data, "side2");
            assertThat(p.rows("people", "id")).containsExactly(Map.of("id", 1L, "email", "a@x.io"));
        }
    }

    @Test
    void recordsSharingAKeyAreReportedNamingTheFileAndTheKeyAndTheLastWins(KafkaFixture kafka, PostgresFixture pg,
                                                                           @TempDir Path dir) throws Exception {
        Path data = data(dir);
        try (LogRecorder log = new LogRecorder(); CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            write(data.resolve("dupes.json"), "[{\"id\": 7, \"v\": \"first\"}, {\"id\": 8, \"v\": \"x\"}, {\"id\": 7, \"v\": \"second\"}]");
            p.awaitRows("dupes", "id", 2);
            assertThat(p.rows("dupes", "id")).extracting(r -> r.get("v")).containsExactly("second", "x");
            awaitLog(log, "WARN", "files/dupes.json", "{\"id\":7}", "last one wins");
        }
    }

    @Test
    void aTenMegabyteRecordArrivesIntact(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path data = data(dir);
        try (CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            new NodeScript("""
                    const fs = require('fs'); const crypto = require('crypto');
                    const big = crypto.randomBytes(5 * 1024 * 1024).toString('hex');
                    fs.writeFileSync(process.argv[2] + '/huge.json', JSON.stringify([{id: 1, blob: big}, {id: 2, blob: 'small'}]));
                    """).run(data, data.toString());
            p.awaitRows("huge", "id", 2);
            String want = JsonRowsText.field(data.resolve("huge.json"), 0, "blob");
            List<Map<String, Object>> rows = p.rows("huge", "id");
            assertThat((String) rows.get(0).get("blob")).hasSize(10 * 1024 * 1024).isEqualTo(want);
            assertThat(rows.get(1).get("blob")).isEqualTo("small");
            assertThat(p.capture.state()).isEqualTo(CaptureRunner.State.STREAMING);
        }
    }

    @Test
    void deepNestingArrivesAsJsonbAndNestingBeyondTheParserLimitIsRejectedNamingTheFile(KafkaFixture kafka, PostgresFixture pg,
                                                                                        @TempDir Path dir) throws Exception {
        Path data = data(dir);
        String deep = "[".repeat(200) + "\"bottom\"" + "]".repeat(200);
        write(data.resolve("nested.json"), "[{\"id\": 1, \"tree\": " + deep + "}]");
        try (LogRecorder log = new LogRecorder(); CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            p.awaitRows("nested", "id", 1);
            try (Connection c = pg.connection(); var rs = c.createStatement().executeQuery("SELECT tree::text, jsonb_typeof(tree) FROM "
                    + CorpusPipeline.q(p.prefix) + ".nested")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1).replace(" ", "")).isEqualTo(deep);
                assertThat(rs.getString(2)).isEqualTo("array");
            }
            String tooDeep = "[".repeat(5000) + "]".repeat(5000);
            write(data.resolve("nested.json"), "[{\"id\": 1, \"tree\": " + tooDeep + "}]");
            awaitLog(log, "files/nested.json", "nesting depth");
            awaitStillFlowing(p, data, "side3");
            assertThat(p.rows("nested", "id")).hasSize(1);
        }
    }

    @Test
    void nanAndInfinityLiteralsAreRejectedNamingTheFileAndHugeNumbersKeepEveryDigit(KafkaFixture kafka, PostgresFixture pg,
                                                                                   @TempDir Path dir) throws Exception {
        Path data = data(dir);
        write(data.resolve("measures.json"), "[{\"id\": 1, \"v\": 1e400}, {\"id\": 2, \"v\": -1e400}, {\"id\": 3, \"v\": 0.1}]");
        try (LogRecorder log = new LogRecorder(); CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            p.awaitRows("measures", "id", 3);
            assertThat(p.rows("measures", "id")).extracting(r -> (BigDecimal) r.get("v")).usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("0.1"));
            write(data.resolve("measures.json"), "[{\"id\": 1, \"v\": NaN}, {\"id\": 2, \"v\": Infinity}]");
            awaitLog(log, "files/measures.json", "NaN");
            awaitStillFlowing(p, data, "side4");
            assertThat(p.rows("measures", "id")).hasSize(3);
        }
    }

    @Test
    void integersAtAndBeyondTheSixtyFourBitLimitsArriveExactly(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path data = data(dir);
        write(data.resolve("counters.json"), "[{\"id\": 9223372036854775807, \"n\": -9223372036854775808, \"big\": 1},"
                + "{\"id\": -9223372036854775808, \"n\": 9223372036854775807, \"big\": 18446744073709551616},"
                + "{\"id\": 0, \"n\": 0, \"big\": -99999999999999999999999999999999}]");
        try (CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            p.awaitRows("counters", "id", 3);
            try (Connection c = pg.connection(); var rs = c.createStatement().executeQuery("SELECT id::text, n::text, big::text FROM "
                    + CorpusPipeline.q(p.prefix) + ".counters ORDER BY id")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
                }
                assertThat(sb.toString()).isEqualTo("-9223372036854775808 9223372036854775807 18446744073709551616\n"
                        + "0 0 -99999999999999999999999999999999\n"
                        + "9223372036854775807 -9223372036854775808 1\n");
            }
        }
    }

    @Test
    void emptyStringNullAndAMissingFieldStayDistinct(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path data = data(dir);
        write(data.resolve("blanks.json"), "[{\"id\": 1, \"t\": \"\"}, {\"id\": 2, \"t\": null}, {\"id\": 3}, {\"id\": 4, \"t\": \"x\"}]");
        try (CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            p.awaitRows("blanks", "id", 4);
            assertThat(p.rows("blanks", "id")).extracting(r -> r.get("t")).containsExactly("", null, null, "x");
            write(data.resolve("blanks.json"), "[{\"id\": 1, \"t\": null}, {\"id\": 2, \"t\": \"\"}, {\"id\": 3, \"t\": \"\"}, {\"id\": 4}]");
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> assertThat(p.rows("blanks", "id"))
                    .extracting(r -> r.get("t")).containsExactly(null, "", "", null));
        }
    }

    @Test
    void invalidUtf8InAFileIsRejectedNamingTheFileAndANulCharacterIsDeadLetteredNamingTheColumn(KafkaFixture kafka, PostgresFixture pg,
                                                                                                 @TempDir Path dir) throws Exception {
        Path data = data(dir);
        write(data.resolve("texts.json"), "[{\"id\": 1, \"t\": \"ok\"}, {\"id\": 2, \"t\": \"a\\u0000b\"}]");
        try (LogRecorder log = new LogRecorder(); CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            List<Map<String, String>> dlq = p.awaitDeadLetters(1);
            assertThat(dlq.get(0)).containsEntry("cutover.table", "texts").containsEntry("cutover.column", "t");
            assertThat(dlq.get(0).get("cutover.key")).contains("2");
            assertThat(dlq.get(0).get("cutover.error")).contains("NUL");
            p.awaitRows("texts", "id", 1);
            byte[] bad = "[{\"id\": 1, \"t\": \"caf\u00e9\"}]".getBytes(StandardCharsets.ISO_8859_1); // Latin-1, not UTF-8
            Files.write(data.resolve("texts.json"), bad);
            awaitLog(log, "files/texts.json", "UTF-8");
            awaitStillFlowing(p, data, "side5");
            assertThat(p.rows("texts", "id")).extracting(r -> r.get("t")).containsExactly("ok");
        }
    }

    @Test
    void namesThatCollideAfterCaseFoldingStayApart(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path data = data(dir);
        write(data.resolve("Clients.json"), "[{\"id\": 1, \"Name\": \"upper\", \"name\": \"lower\"}]");
        write(data.resolve("clients.json"), "[{\"id\": 1, \"name\": \"other file\"}, {\"id\": 2, \"name\": \"x\"}]");
        try (CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            p.awaitRows("Clients", "id", 1);
            p.awaitRows("clients", "id", 2);
            assertThat(p.rows("Clients", "id")).containsExactly(Map.of("id", 1L, "Name", "upper", "name", "lower"));
            assertThat(p.rows("clients", "id")).extracting(r -> r.get("name")).containsExactly("other file", "x");
        }
    }

    @Test
    void identifiersWithQuotesSpacesUnicodeReservedWordsAndInjectionAreStoredAsData(KafkaFixture kafka, PostgresFixture pg,
                                                                                   @TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("app data (prod)"));
        try (Connection c = pg.connection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS victims(id int)");
        }
        try (CorpusPipeline p = CorpusPipeline.json(kafka, pg, dir, data, List.of()).start()) {
            new NodeScript("""
                    const fs = require('fs');
                    fs.writeFileSync(process.argv[2] + '/my "odd" file; DROP TABLE victims.json', JSON.stringify([
                      {id: 1, 'select': 's', 'a "quoted" field': 'q', 'Grüße 日本': 'u', "x'); DROP TABLE victims; --": "'); DROP TABLE victims; --"}]));
                    """).run(data, data.toString());
            String table = "my \"odd\" file; DROP TABLE victims";
            p.awaitRows(table, "id", 1);
            assertThat(p.rows(table, "id")).containsExactly(Map.of("id", 1L, "select", "s", "a \"quoted\" field", "q",
                    "Grüße 日本", "u", "x'); DROP TABLE victims; --", "'); DROP TABLE victims; --"));
        }
        try (Connection c = pg.connection(); var rs = c.createStatement().executeQuery("SELECT to_regclass('public.victims') IS NOT NULL")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("victims still exists").isTrue();
        }
    }
}
