package io.cutover.reconciler;

import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.capture.json.JsonSourceView;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.NodeScript;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The reconciler on a JSON source, written by a Node.js app: equal data compares equal (reordered
 * object keys included), every change made to Postgres behind the pipeline's back is reported with
 * its key, kind and column and repaired through capture, and changes in flight with the applier
 * paused are never confirmed.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonSourceIT {
    /** The tests share one database and control schema: each names its source and tables after its topic prefix. */
    private static List<JsonFileMapping> files(String prefix) {
        return List.of(
                new JsonFileMapping("people.json", prefix + "_people", List.of("id"), "array", Map.of(), List.of(), false, 0.5),
                new JsonFileMapping("prefs.json", prefix + "_prefs", List.of("user"), "object", Map.of(), List.of(), false, 0.5));
    }

    @BeforeAll
    static void meters() {
        Metrics.addRegistry(new SimpleMeterRegistry());
    }

    @Test
    void reorderedKeysAreNoDifferenceAndChangesBehindThePipelinesBackAreReportedAndRepaired(
            KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        writer().run(dir, data.toString(), "init");
        try (Running p = new Running(kafka, pg, dir, "jsonrec")) {
            awaitInSync(p.settings);

            writer().run(dir, data.toString(), "reorder");
            awaitCaptured(p.view, "people.json");
            awaitCaptured(p.view, "prefs.json");
            Verification.Result reordered = Verification.run(p.settings, t -> true, Duration.ofSeconds(20), false);
            assertThat(reordered.confirmed()).isEmpty();
            assertThat(reordered.inSync()).isTrue();

            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                st.execute("UPDATE jsonrec_people SET name = 'changed' WHERE id = 1");
                st.execute("DELETE FROM jsonrec_people WHERE id = 2");
                st.execute("INSERT INTO jsonrec_people(id, name) VALUES (100000, 'extra')");
                st.execute("UPDATE jsonrec_people SET email = NULL WHERE id = 5"); // the file has an empty string
                st.execute("UPDATE jsonrec_people SET profile = jsonb_set(profile, '{depth,level}', '7') WHERE id = 6");
                st.execute("UPDATE jsonrec_people SET score = 3.2500000000000004 WHERE id = 3"); // one unit in the last place
                st.execute("UPDATE jsonrec_prefs SET theme = 'blue' WHERE \"user\" = 'user-3'");
            }
            Verification.Result r = Verification.run(p.settings, t -> true, Duration.ofSeconds(20), false);
            assertThat(r.unsettled()).isEmpty();
            Map<String, String> found = r.confirmed().stream().collect(Collectors.toMap(
                    d -> d.table().table() + " " + d.keyMap(), d -> d.kind().label() + " " + d.columns()));
            assertThat(found).containsOnly(
                    Map.entry("jsonrec_people {id=1}", "different [name]"),
                    Map.entry("jsonrec_people {id=2}", "missing []"),
                    Map.entry("jsonrec_people {id=100000}", "extra []"),
                    Map.entry("jsonrec_people {id=5}", "different [email]"),
                    Map.entry("jsonrec_people {id=6}", "different [profile]"),
                    Map.entry("jsonrec_people {id=3}", "different [score]"),
                    Map.entry("jsonrec_prefs {user=user-3}", "different [theme]"));

            // Repair: capture re-sends each key from its last state (a delete for the extra row), and then
            // the source and Postgres agree again.
            Verification.Result repaired = Verification.run(p.settings, t -> true, Duration.ofSeconds(20), true);
            assertThat(repaired.repairs()).hasSize(7);
            awaitInSync(p.settings);
            try (Connection c = pg.connection(); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM jsonrec_people WHERE id = 100000")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void changesInFlightWhileTheApplierIsPausedAreNeverConfirmed(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        writer().run(dir, data.toString(), "init");
        try (Running p = new Running(kafka, pg, dir, "jsonpause")) {
            awaitInSync(p.settings);
            p.pipeline.stopApplier();
            writer().run(dir, data.toString(), "churn", "40");
            awaitCaptured(p.view, "people.json"); // in Kafka, not in Postgres: every difference is in flight

            Verification.Result paused = Verification.run(p.settings, t -> true, Duration.ofSeconds(3), false);
            assertThat(paused.confirmed()).isEmpty();
            assertThat(paused.unsettled()).isNotEmpty(); // it did see the differences, and held them as suspects

            p.pipeline.startApplier();
            awaitInSync(p.settings);
        }
    }

    private static void awaitInSync(ReconcilerSettings s) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    Verification.Result r = Verification.run(s, t -> true, Duration.ofSeconds(5), false);
                    assertThat(r.inSync()).as("confirmed %s, unsettled %s, not in Postgres %s", r.confirmed(),
                            r.unsettled(), r.tablesNotInPostgres()).isTrue();
                });
    }

    private static void awaitCaptured(JsonSourceView view, String file) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> view.captured(view.read(file)));
    }

    private static NodeScript writer() throws Exception {
        try (InputStream in = JsonSourceIT.class.getResourceAsStream("/json-writer.js")) {
            return new NodeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** JSON capture, the applier and the reconciler's settings on one data directory. */
    private static final class Running implements AutoCloseable {
        final Pipeline pipeline;
        final ReconcilerSettings settings;
        final JsonSourceView view;

        Running(KafkaFixture kafka, PostgresFixture pg, Path dir, String prefix) throws Exception {
            view = new JsonSourceView(prefix, dir.resolve("data"), files(prefix),
                    CaptureSettings.jsonStateDir(dir.resolve("state"), prefix));
            pipeline = new Pipeline(kafka, pg, prefix, ApplierSettings.ErrorsMode.STOP, new CaptureSettings(
                    kafka.bootstrapServers(), Map.of(), prefix, 2, (short) 1, Duration.ofHours(1), dir.resolve("state"),
                    List.of(), 200, 200, Duration.ofMillis(50),
                    List.of(new CaptureSettings.JsonDir(prefix, dir.resolve("data"), files(prefix)))),
                    List.of(), List.of(new ReconcilerSettings.JsonSource(prefix, view)));
            settings = pipeline.reconcilerSettings;
        }

        @Override
        public void close() throws Exception {
            pipeline.close();
        }
    }
}
