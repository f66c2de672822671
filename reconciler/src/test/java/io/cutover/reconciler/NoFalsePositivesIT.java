package io.cutover.reconciler;

import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import io.cutover.testkit.SqliteWorkload;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No false positives: a sqlite3 shell writes steadily to every table kind while the applier is
 * stopped for a while and then replaced; the continuous reconciler sees differences (suspects) but
 * confirms none, and ends clean.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class NoFalsePositivesIT {
    @BeforeAll
    static void meters() {
        Metrics.addRegistry(new SimpleMeterRegistry());
    }

    /** Writes in small groups with a pause between, so that the load lasts while the applier stops and restarts. */
    static String steadyWrites(int groups) {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            sb.append(SqliteWorkload.writes(g, 10, 1000)).append(".shell sleep 0.03\n");
        }
        return sb.toString();
    }

    static double comparedUsers() {
        var c = Metrics.globalRegistry.find("cutover.reconcile.rows.compared").tag("table", "users").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aPausedApplierUnderSteadyWritesYieldsSuspectsButNoConfirmedMismatch(KafkaFixture kafka, PostgresFixture pg,
                                                                            @TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("PRAGMA journal_mode=WAL;\n" + SqliteWorkload.schema(1000));
        AtomicBoolean everConfirmed = new AtomicBoolean();
        List<String> confirmedSeen = new ArrayList<>();
        AtomicInteger maxSuspects = new AtomicInteger();
        try (Pipeline p = new Pipeline(kafka, pg, db, dir.resolve("state"), "nofp");
             Reconciler r = new Reconciler(p.reconcilerSettings);
             ExternalProcess writer = shell.start(steadyWrites(1500))) {
            r.start();
            Runnable watch = () -> {
                if (!r.confirmed().isEmpty()) {
                    everConfirmed.set(true);
                    r.confirmed().forEach(d -> confirmedSeen.add(d.table().label() + " " + d.keyMap() + " " + d.kind() + d.columns()));
                }
                maxSuspects.accumulateAndGet(r.suspects().size(), Math::max);
            };
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> { watch.run(); return comparedUsers() >= 1000 && r.state() == Reconciler.State.RUNNING; });
            long first = r.fullPasses();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> { watch.run(); return r.fullPasses() >= first + 2; });

            p.stopApplier();
            long passes = r.fullPasses();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        watch.run();
                        assertThat(r.state()).isEqualTo(Reconciler.State.RUNNING);
                        assertThat(writer.isAlive()).as("writer still writing").isTrue();
                        assertThat(r.fullPasses()).isGreaterThanOrEqualTo(passes + 3);
                        assertThat(maxSuspects.get()).isPositive();
                    });
            p.startApplier();

            writer.awaitSuccess(Duration.ofMinutes(3));
            long afterWrites = r.fullPasses();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        watch.run();
                        return r.fullPasses() > afterWrites + 1 && r.suspects().isEmpty() && r.confirmed().isEmpty();
                    });
            assertThat(r.state()).isEqualTo(Reconciler.State.RUNNING);
            assertThat(confirmedSeen).as("confirmed mismatches seen").isEmpty();
            assertThat(everConfirmed).isFalse();
            assertThat(maxSuspects.get()).as("the stopped applier left changes in flight").isPositive();
            assertThat(MismatchDetectionIT.count(pg, "SELECT count(*) FROM cutover.reconcile_runs")).isGreaterThan(5);
            assertThat(MismatchDetectionIT.count(pg, "SELECT coalesce(max(confirmed), 0) FROM cutover.reconcile_runs")).isZero();
            assertThat(comparedUsers()).isGreaterThan(5000);
            assertThat(Metrics.globalRegistry.get("cutover.reconcile.suspect.rows").tag("table", "users").gauge().value()).isZero();
            assertThat(Metrics.globalRegistry.get("cutover.reconcile.mismatched.rows").tag("table", "users")
                    .tag("kind", "different").gauge().value()).isZero();
            assertThat(Metrics.globalRegistry.get("cutover.reconcile.last.clean.pass.timestamp").tag("table", "users")
                    .gauge().value()).isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
        }
    }
}
