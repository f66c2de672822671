package io.cutover.reconciler;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresFixture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The real capture and applier on one SQLite file (or the sources given), as the ITs run them next to the reconciler. */
final class Pipeline implements AutoCloseable {
    final CaptureRunner capture;
    final ApplierSettings applierSettings;
    Applier applier;
    final ReconcilerSettings reconcilerSettings;

    Pipeline(KafkaFixture kafka, PostgresFixture pg, Path db, Path stateDir, String prefix) throws Exception {
        this(kafka, pg, db, stateDir, prefix, ApplierSettings.ErrorsMode.STOP);
    }

    Pipeline(KafkaFixture kafka, PostgresFixture pg, Path db, Path stateDir, String prefix,
             ApplierSettings.ErrorsMode errors) throws Exception {
        this(kafka, pg, prefix, errors, new CaptureSettings(kafka.bootstrapServers(), Map.of(), prefix, 2, (short) 1,
                Duration.ofHours(1), stateDir, List.of(new CaptureSettings.Sqlite("app", db, List.of(), List.of(), false)),
                200, 200, Duration.ofMillis(50)), List.of(new ReconcilerSettings.SqliteSource("app", db)), List.of());
    }

    /** The pipeline on the sources {@code cs} names, reconciled against {@code sqlite} and {@code json}. */
    Pipeline(KafkaFixture kafka, PostgresFixture pg, String prefix, ApplierSettings.ErrorsMode errors, CaptureSettings cs,
             List<ReconcilerSettings.SqliteSource> sqlite, List<ReconcilerSettings.JsonSource> json) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        applierSettings = new ApplierSettings(kafka.bootstrapServers(), Map.of(), prefix, prefix + "-applier",
                pg.jdbcUrl(), p, "public", "cutover", Map.of(), errors, 500, Duration.ofMillis(100));
        reconcilerSettings = new ReconcilerSettings(kafka.bootstrapServers(), Map.of(), prefix + "-applier", pg.jdbcUrl(),
                p, "cutover", sqlite, Duration.ofMillis(200), Duration.ofSeconds(1), 500, false, Duration.ofSeconds(2), json);
        capture = new CaptureRunner(cs);
        capture.start();
        startApplier();
    }

    void startApplier() throws Exception {
        applier = new Applier(applierSettings);
        applier.start();
    }

    void stopApplier() throws Exception {
        applier.close();
    }

    @Override
    public void close() throws Exception {
        try (CaptureRunner c = capture; Applier a = applier) {
            // closes both, applier first
        }
    }
}
