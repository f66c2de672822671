package io.cutover.reconciler;

import io.cutover.applier.ApplierSettings;
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
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Incremental passes: a change the pipeline loses (Postgres rejects the value, the applier
 * dead-letters it) is confirmed from the changed keys on the topic, long before the next full pass;
 * repair leaves it alone (it would be dead-lettered again), and once the app fixes the row it clears.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class IncrementalPassIT {
    @BeforeAll
    static void meters() {
        Metrics.addRegistry(new SimpleMeterRegistry());
    }

    @Test
    void aChangeThePipelineLostIsConfirmedByTheIncrementalPassWithoutAFullPass(KafkaFixture kafka, PostgresFixture pg,
                                                                               @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\nCREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);\n"
                + "INSERT INTO notes VALUES (1, 'one'), (2, 'two'), (3, 'three');");
        try (Pipeline p = new Pipeline(kafka, pg, db, dir.resolve("state"), "incr", ApplierSettings.ErrorsMode.CONTINUE)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> MismatchDetectionIT.count(pg, "SELECT count(*) FROM notes") == 3);
            ReconcilerSettings s = p.reconcilerSettings.withIntervals(Duration.ofMillis(200), Duration.ofHours(1)).withRepair(true);
            try (Reconciler r = new Reconciler(s)) {
                r.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> r.fullPasses() == 1 && r.suspects().isEmpty());

                // Postgres text cannot hold NUL: the applier dead-letters this change, Postgres keeps 'two'.
                shell.run("UPDATE notes SET body = 'tw' || char(0) || 'o' WHERE id = 2;");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                        assertThat(r.confirmed()).extracting(d -> d.keyMap() + " " + d.kind() + " " + d.columns())
                                .containsExactly("{id=2} DIFFERENT [body]"));
                assertThat(r.fullPasses()).as("found without a second full pass").isEqualTo(1);
                assertThat(Metrics.globalRegistry.find("cutover.reconcile.mismatched.rows").tag("table", "notes")
                        .tag("kind", "different").gauge().value()).isEqualTo(1.0);
                // Repair is on, but re-emitting a value Postgres cannot hold would only dead-letter it again.
                assertThat(Metrics.globalRegistry.find("cutover.reconcile.repairs").tag("table", "notes").counter()).isNull();
                assertThat(MismatchDetectionIT.count(pg, "SELECT count(*) FROM notes WHERE id = 2 AND body = 'two'")).isEqualTo(1);

                // The app fixes the row: the pipeline carries it and the reconciler settles clean.
                shell.run("UPDATE notes SET body = 'two again' WHERE id = 2;");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                        r.confirmed().isEmpty() && r.suspects().isEmpty()
                                && MismatchDetectionIT.count(pg, "SELECT count(*) FROM notes WHERE body = 'two again'") == 1);
                assertThat(r.fullPasses()).isEqualTo(1);
                assertThat(r.state()).isEqualTo(Reconciler.State.RUNNING);
            }
        }
    }
}
