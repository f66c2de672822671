package io.cutover.reverse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.control.ControlSettings;
import io.cutover.control.CutoverController;
import io.cutover.control.MigratedTables;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.control.ControlSchema;
import io.cutover.reconciler.ReconcilerSettings;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresFixture;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The forward pipeline on one SQLite file (capture and applier), the control side, and the reverse
 * path (its capture and write-back), started and stopped as the tests need.
 */
final class Pipeline implements AutoCloseable {
    final String prefix;
    final Path db;
    final HikariDataSource pool;
    final Admin admin;
    final ControlSchema control;
    final ReverseSettings reverse;
    final ReconcilerSettings reconciler;
    private final KafkaFixture kafka;
    private final PostgresFixture pg;
    private final CaptureRunner capture;
    private Applier applier;
    final ReversePath reversePath;

    Pipeline(KafkaFixture kafka, PostgresFixture pg, Path dir, Path db, String prefix) throws Exception {
        this.kafka = kafka;
        this.pg = pg;
        this.prefix = prefix;
        this.db = db;
        this.control = new ControlSchema(prefix + "_control");
        capture = new CaptureRunner(new CaptureSettings(kafka.bootstrapServers(), Map.of(), prefix, 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("app", db, List.of(),
                List.of(), false)), 100, 200, Duration.ofMillis(20)));
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl());
        hc.setDataSourceProperties(driverProps());
        hc.setMaximumPoolSize(4);
        pool = new HikariDataSource(hc);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        reverse = new ReverseSettings(kafka.bootstrapServers(), Map.of(), prefix, DatabaseUrl.parse(pg.databaseUrl()),
                prefix + "_control", prefix + "_slot", prefix + "_pub", dir.resolve("reverse-state"), Map.of("app", db), Map.of(),
                Duration.ofSeconds(60));
        reconciler = new ReconcilerSettings(kafka.bootstrapServers(), Map.of(), prefix + "-applier", pg.jdbcUrl(),
                driverProps(), prefix + "_control", List.of(new ReconcilerSettings.SqliteSource("app", db)),
                Duration.ofMillis(200), Duration.ofSeconds(1), 500, false, Duration.ofSeconds(2));
        reversePath = new ReversePath(reverse, pool, admin);
        capture.start();
        applier = new Applier(new ApplierSettings(kafka.bootstrapServers(), Map.of(), prefix, prefix + "-applier",
                pg.jdbcUrl(), driverProps(), prefix, prefix + "_control", Map.of(), ApplierSettings.ErrorsMode.STOP, 10_000,
                Duration.ofMillis(20)));
        applier.start();
    }

    Properties driverProps() {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (pg.password() != null) {
            p.setProperty("password", pg.password());
        }
        return p;
    }

    CutoverController controller() {
        return new CutoverController(pool, admin, control, new ControlSettings(prefix, prefix + "-applier",
                Map.of("app", db), Duration.ofSeconds(60), 100, Duration.ofHours(1)));
    }

    /** The check run while writes are frozen at the switch: creates the slot and publication there. */
    CutoverController.FrozenCheck createSlot() {
        return () -> {
            try (Connection c = pool.getConnection()) {
                new ReplicationSetup(control, reverse.slotName(), reverse.publication()).create(c, MigratedTables.load(c, control));
            }
        };
    }

    /** Flips reads and switches writes, creating the slot while frozen; returns the switch's freeze. */
    double switchWrites() throws Exception {
        CutoverController controller = controller();
        controller.flipReads(true, "test"); // the readiness gate is control's to test
        return controller.switchWrites("test", createSlot()).freezeSeconds();
    }

    /** Starts the reverse path as `cutover run` does: because writes are on Postgres and the slot exists. */
    void startReverse() throws Exception {
        reversePath.tick();
        if (!reversePath.running()) {
            throw new IllegalStateException("the reverse path did not start: is the phase writes_on_postgres?");
        }
    }

    /** Stops capture and the applier, as stopping `cutover run` does before finalize. */
    void stopForward() {
        applier.close();
        capture.close();
    }

    void stopReverse() {
        reversePath.stop();
    }

    String reverseFailure() {
        return reversePath.failure().orElse(null);
    }

    ReverseRollback rollback() {
        return new ReverseRollback(pool, admin, reverse);
    }

    /** A rollback that gives the reverse path only {@code drain} to catch up. */
    ReverseRollback rollback(Duration drain) {
        return new ReverseRollback(pool, admin, new ReverseSettings(reverse.bootstrapServers(), reverse.kafkaProperties(),
                reverse.topicPrefix(), reverse.postgres(), reverse.controlSchema(), reverse.slotName(), reverse.publication(),
                reverse.stateDir(), reverse.sqliteSources(), reverse.jsonSources(), drain));
    }

    @Override
    public void close() {
        reversePath.close();
        applier.close();
        capture.close();
        admin.close();
        pool.close();
    }
}
