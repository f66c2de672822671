package io.cutover.cli.control;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.cli.run.ReconcilerStarter;
import io.cutover.control.ControlSettings;
import io.cutover.control.CutoverController;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.config.PostgresPreflight;
import io.cutover.core.config.SourceConfig;
import io.cutover.core.control.ControlSchema;
import io.cutover.core.local.LocalPostgresCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the control commands connect to: the configured Postgres (the local cluster under the state
 * directory when {@code postgres.url} is {@code local}) and Kafka (the embedded broker of a running
 * {@code cutover run} when {@code kafka.bootstrap} is {@code embedded}). Control commands never start
 * a broker themselves: the pipeline they steer must be running.
 */
public final class ControlContext implements AutoCloseable {
    final CutoverConfig cfg;
    final HikariDataSource pool;
    final Admin admin;
    final ControlSchema control;
    final String bootstrap;
    final DatabaseUrl postgres;

    private ControlContext(CutoverConfig cfg, HikariDataSource pool, Admin admin, String bootstrap, DatabaseUrl postgres) {
        this.cfg = cfg;
        this.postgres = postgres;
        this.pool = pool;
        this.admin = admin;
        this.control = new ControlSchema(cfg.controlSchema());
        this.bootstrap = bootstrap;
    }

    public static ControlContext open(CutoverConfig cfg) throws IOException, SQLException {
        DatabaseUrl pg = postgres(cfg);
        String bootstrap = ReconcilerStarter.runningBootstrap(cfg);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl());
        hc.setDataSourceProperties(pg.driverProperties());
        hc.setMaximumPoolSize(2);
        hc.setPoolName("cutover-control");
        Map<String, Object> props = new HashMap<>(cfg.kafka().properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new ControlContext(cfg, new HikariDataSource(hc), Admin.create(props), bootstrap, pg);
    }

    private static DatabaseUrl postgres(CutoverConfig cfg) throws IOException, SQLException {
        DatabaseUrl url = cfg.requirePostgres();
        if (!url.isLocal()) {
            PostgresPreflight.check(url, Duration.ofSeconds(5));
            return url;
        }
        // Reuses the cluster `cutover run` started, or starts it: the data is on disk either way.
        LocalPostgresCluster local = LocalPostgresCluster.at(cfg.stateDir().resolve("postgres")).start();
        return DatabaseUrl.of("127.0.0.1", local.port(), "cutover", LocalPostgresCluster.SUPERUSER, null);
    }

    ControlSettings settings(Duration drainTimeout, long maxLagEvents) {
        Map<String, Path> sqlite = new LinkedHashMap<>();
        for (SourceConfig s : cfg.sources()) {
            if (s.isSqlite()) {
                sqlite.put(s.name(), s.sqlite());
            }
        }
        return new ControlSettings(cfg.kafka().topicPrefix(), cfg.applier().groupId(), sqlite, drainTimeout, maxLagEvents,
                cfg.cutover().maxCleanPassAge(), io.cutover.cli.run.CaptureWiring.jsonViews(cfg), cfg.cutover().routingGrace());
    }

    CutoverController controller(Duration drainTimeout, long maxLagEvents) {
        return new CutoverController(pool, admin, control, settings(drainTimeout, maxLagEvents));
    }

    /** The controller with the configured gate and drain timeout ({@code cutover.*} keys). */
    public CutoverController controller() {
        return controller(cfg.cutover().drainTimeout(), cfg.cutover().maxLagEvents());
    }

    /** The reverse path's settings ({@code reverse.*}), for rollback after the switch, finalize and status. */
    public io.cutover.reverse.ReverseSettings reverseSettings() {
        return ReverseWiring.settings(cfg, bootstrap, postgres);
    }

    /** Who is making a change: the operating-system user at this host. */
    public static String who() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }

    public CutoverConfig config() {
        return cfg;
    }

    public javax.sql.DataSource pool() {
        return pool;
    }

    public Admin admin() {
        return admin;
    }

    public ControlSchema control() {
        return control;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public DatabaseUrl postgres() {
        return postgres;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        pool.close();
    }
}
