package io.cutover.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.CliRun;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.NodeScript;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection across the whole pipeline (issue 10). Capture, applier and reconciler run as
 * separate {@code cutover} processes next to a broker process and a Postgres cluster of the suite's
 * own, while a {@code sqlite3} app and a Node.js app keep writing. Each cycle, at a random point, one
 * of them is SIGKILLed (components, broker) or crashed (Postgres immediate shutdown) and started
 * again, and the suite waits until events flow and are applied again. At the end: drain, then an
 * independent comparison of both sides, the app's acknowledged writes, an audit of every applied
 * version against the events sent, and {@code cutover verify}. 0 lost, 0 duplicated, 0 mismatched.
 *
 * <p>{@code -Dchaos.cycles=N} (default 10, the CI mode), {@code -Dchaos.seed=S} to repeat a run.
 */
class PipelineChaosIT {
    private static final Map<String, List<String>> SQLITE_KEYS = SqliteLoad.KEYS;
    private static final List<String> JSON_TABLES = List.of("catalog", "ledger");

    @Test
    void everyKillAndRestartLosesNothingDuplicatesNothingAndEndsInSync(@TempDir Path dir) throws Exception {
        int cycles = Integer.getInteger("chaos.cycles", 10);
        long seed = Long.getLong("chaos.seed", System.nanoTime() % 1_000_000);
        System.out.printf("chaos: %d cycles, seed %d, files in %s%n", cycles, seed, dir);
        long t0 = System.nanoTime();
        Random random = new Random(seed);
        Path db = dir.resolve("app.db");
        Path data = Files.createDirectories(dir.resolve("data"));
        new SqliteShell(db).run(SqliteLoad.schema());
        SqliteLoad sqlite = new SqliteLoad(db, seed);
        sqlite.transactions(30);
        NodeScript json = jsonWriter(seed);
        json.run(data, data.toString(), Long.toString(seed), "seed-only");

        try (CrashablePostgres pg = CrashablePostgres.start(dir.resolve("pg"));
             ChaosPipeline pipeline = new ChaosPipeline(dir, pg)) {
            pipeline.start();
            PipelineProbe probe = new PipelineProbe(pipeline);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                try (Connection c = pg.connection()) {
                    assertThat(SideBySide.sqlite(db, c, SQLITE_KEYS).compared()).isPositive();
                    assertThat(SideBySide.json(data, c, JSON_TABLES).compared()).isPositive();
                }
                assertThat(probe.lagging()).isEmpty();
            });
            try (Connection c = pg.connection()) {
                Map<String, List<String>> audited = new TreeMap<>(SQLITE_KEYS);
                JSON_TABLES.forEach(t -> audited.put(t, List.of("id")));
                ApplicationAudit.install(c, audited);
            }

            Thread writer = new Thread(sqlite, "sqlite-app");
            writer.start();
            FaultInjector faults = new FaultInjector(pipeline, sqlite::commits, random);
            String jsonSaves;
            try (ExternalProcess node = json.start(data, data.toString(), Long.toString(seed))) {
                List<Fault> schedule = Fault.schedule(random, cycles);
                for (int i = 0; i < cycles; i++) {
                    assertThat(sqlite.failure()).as("the SQLite app").isNull();
                    assertThat(node.isAlive()).as("the Node app: %s", node.output()).isTrue();
                    faults.cycle(i + 1, schedule.get(i));
                }
                sqlite.stop();
                writer.join(Duration.ofMinutes(2).toMillis());
                Files.writeString(data.resolve("stop"), "");
                jsonSaves = node.awaitSuccess(Duration.ofMinutes(1)).replaceAll("(?s).*stopped after (\\d+) saves.*", "$1");
            }
            assertThat(sqlite.failure()).as("the SQLite app").isNull();

            // Drain: every event applied, and both sides equal once capture read the last saves.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                assertThat(probe.lagging()).as("lag").isEmpty();
                try (Connection c = pg.connection()) {
                    SideBySide.Counts s = SideBySide.sqlite(db, c, SQLITE_KEYS).plus(SideBySide.json(data, c, JSON_TABLES));
                    assertThat(s.lost() + s.extra() + s.different()).as("%s", s).isZero();
                }
            });
            SideBySide.Counts sides;
            SideBySide.Counts acked;
            ApplicationAudit.Result audit;
            try (Connection c = pg.connection()) {
                sides = SideBySide.sqlite(db, c, SQLITE_KEYS).plus(SideBySide.json(data, c, JSON_TABLES));
                acked = SideBySide.acknowledged(sqlite.acknowledged(), c, SQLITE_KEYS);
                Map<String, String> topics = new TreeMap<>();
                SQLITE_KEYS.keySet().forEach(t -> topics.put(t, ChaosPipeline.PREFIX + ".app." + t));
                JSON_TABLES.forEach(t -> topics.put(t, ChaosPipeline.PREFIX + ".files." + t));
                audit = ApplicationAudit.check(c, pipeline.bootstrap(), topics);
            }
            CliRun verify = CliRun.of("verify", "-c", pipeline.verifyConfig().toString(), "--json", "--settle-timeout", "60s");
            JsonNode report = new ObjectMapper().readTree(verify.out());
            long verifyMismatches = 0;
            for (JsonNode n : report.path("confirmed")) {
                verifyMismatches += n.asLong();
            }
            long deadLetters = probe.deadLetters();
            long lost = sides.lost() + acked.lost() + acked.different();
            long duplicated = audit.duplicated() + sides.extra() + acked.extra();
            String summary = String.format("chaos summary: cycles=%d %s seed=%d duration=%ds sqlite-commits=%d busy-retries=%d "
                            + "json-saves=%s faults-mid-stream=%d in-flight-at-faults=%d rows-compared=%d applications=%d capture-resends=%d lost=%d duplicated=%d mismatched=%d "
                            + "verify-exit=%d verify-rows=%d verify-mismatches=%d dead-letters=%d slowest-recovery=%dms",
                    cycles, faults.done(), seed, (System.nanoTime() - t0) / 1_000_000_000L, sqlite.commits(),
                    sqlite.retries(), jsonSaves, faults.faultsWithWorkInFlight(), faults.inFlightAtFaults(),
                    sides.compared(), audit.applications(), audit.resent(), lost, duplicated,
                    sides.different(), verify.code(), report.path("rows_compared").asLong(), verifyMismatches, deadLetters,
                    faults.slowestRecoveryMillis());
            System.out.println(summary);
            Files.writeString(Path.of("target", "chaos-summary.txt"), summary + "\n", StandardCharsets.UTF_8);

            assertThat(faults.done().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(cycles);
            assertThat(sides.examples()).as("independent comparison").isEmpty();
            assertThat(lost).as("lost: %s", acked.examples()).isZero();
            assertThat(duplicated).as("duplicated: %s", audit.examples()).isZero();
            assertThat(sides.different()).as("mismatched").isZero();
            assertThat(audit.applications()).as("the audit saw the load").isPositive();
            assertThat(deadLetters).as("dead letters").isZero();
            assertThat(verify.code()).as("cutover verify: %s %s", verify.out(), verify.err()).isZero();
            assertThat(verifyMismatches).isZero();
            assertThat(report.path("rows_compared").asLong()).as("verify compared the SQLite rows").isPositive();
            assertThat(faults.faultsWithWorkInFlight()).as("faults that hit the pipeline mid-stream")
                    .isGreaterThanOrEqualTo(cycles / 2);
        }
    }

    private static NodeScript jsonWriter(long seed) throws Exception {
        try (var in = PipelineChaosIT.class.getResourceAsStream("json-chaos-writer.js")) {
            return new NodeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
