package io.cutover.control;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.core.control.ControlSchema;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresFixture;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Capture and applier on one SQLite file, plus what the control side needs, for the control ITs. */
final class Pipeline implements AutoCloseable {
    final String prefix;
    final Path db;
    final CaptureRunner capture;
    final HikariDataSource pool;
    final Admin admin;
    final ControlSchema control;
    private final KafkaFixture kafka;
    private final PostgresFixture pg;
    Applier applier;

    Pipeline(KafkaFixture kafka, PostgresFixture pg, Path dir, Path db, String prefix) throws Exception {
        this(kafka, pg, db, prefix, new CaptureSettings(kafka.bootstrapServers(), Map.of(), prefix, 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("app", db, List.of(),
                List.of(), false)), 100, 200, Duration.ofMillis(20)));
    }

    /** The pipeline on the sources {@code capture} names; {@code db} is the SQLite one the settings fence, if any. */
    Pipeline(KafkaFixture kafka, PostgresFixture pg, Path db, String prefix, CaptureSettings captureSettings) throws Exception {
        this.kafka = kafka;
        this.pg = pg;
        this.prefix = prefix;
        this.db = db;
        this.control = new ControlSchema(prefix + "_control");
        capture = new CaptureRunner(captureSettings);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl());
        hc.setDataSourceProperties(driverProps());
        hc.setMaximumPoolSize(3);
        pool = new HikariDataSource(hc);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        capture.start();
        startApplier();
    }

    private Properties driverProps() {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        return p;
    }

    void startApplier() throws Exception {
        applier = new Applier(new ApplierSettings(kafka.bootstrapServers(), Map.of(), prefix, prefix + "-applier",
                pg.jdbcUrl(), driverProps(), prefix, prefix + "_control", Map.of(), ApplierSettings.ErrorsMode.STOP, 10_000,
                Duration.ofMillis(20)));
        applier.start();
    }

    void stopApplier() {
        applier.close();
    }

    ControlSettings settings(Duration drainTimeout) {
        return new ControlSettings(prefix, prefix + "-applier", Map.of("app", db), drainTimeout, 100, Duration.ofHours(1));
    }

    CutoverController controller(Duration drainTimeout) {
        return new CutoverController(pool, admin, control, settings(drainTimeout));
    }

    @Override
    public void close() {
        applier.close();
        capture.close();
        admin.close();
        pool.close();
    }
}
