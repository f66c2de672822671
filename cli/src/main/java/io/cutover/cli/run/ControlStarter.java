package io.cutover.cli.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.control.ControlMetrics;
import io.cutover.control.ControlSettings;
import io.cutover.control.CutoverController;
import io.cutover.control.Phase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.cutover.control.CutoverStateStore;
import io.cutover.control.RoutingHandler;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.control.ControlSchema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Serves {@code GET /v1/routing} and the control metrics from the running pipeline, so apps and
 * dashboards follow the phase that the control commands record in Postgres.
 */
public final class ControlStarter {
    /** How stale the routing answer may be: apps see a flip within this (plus their own poll interval). */
    static final long ROUTING_MAX_AGE_MS = 200;

    private ControlStarter() {
    }

    public static void start(CutoverConfig cfg, LocalRuntime rt) throws SQLException {
        DatabaseUrl pg = rt.postgres();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl());
        hc.setDataSourceProperties(pg.driverProperties());
        hc.setMaximumPoolSize(1);
        hc.setPoolName("cutover-routing");
        hc.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hc);
        rt.own(pool);
        CutoverStateStore store = new CutoverStateStore(new ControlSchema(cfg.controlSchema()));
        try (Connection c = pool.getConnection()) {
            store.ensure(c);
        }
        ControlMetrics metrics = new ControlMetrics();
        RoutingHandler routing = new RoutingHandler(pool, store, ROUTING_MAX_AGE_MS, metrics);
        rt.http().addHandler("/v1/routing", routing);
        routing.current();
        Map<String, Object> props = new HashMap<>(cfg.kafka().properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, rt.bootstrap());
        Admin admin = Admin.create(props);
        rt.own(admin);
        CutoverController controller = new CutoverController(pool, admin, new ControlSchema(cfg.controlSchema()),
                new ControlSettings(cfg.kafka().topicPrefix(), cfg.applier().groupId(), Map.of(),
                        cfg.cutover().drainTimeout(), cfg.cutover().maxLagEvents(), cfg.cutover().maxCleanPassAge()));
        ScheduledExecutorService gate = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutover-readiness");
            t.setDaemon(true);
            return t;
        });
        rt.own(gate::shutdownNow);
        gate.scheduleWithFixedDelay(() -> {
            try {
                // Reading the phase also refreshes the routing metrics when no app asks for a while.
                metrics.ready(routing.current().phase() != Phase.CAPTURING || controller.blockers().isEmpty());
            } catch (Exception e) {
                metrics.ready(false); // cannot tell: not ready
            }
        }, 1, 5, TimeUnit.SECONDS);
    }
}
