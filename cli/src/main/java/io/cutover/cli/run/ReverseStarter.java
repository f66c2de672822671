package io.cutover.cli.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.cli.control.ReverseWiring;
import io.cutover.core.config.CutoverConfig;
import io.cutover.reverse.ReverseMetrics;
import io.cutover.reverse.ReversePath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** With reverse.enabled, runs the reverse path whenever the recorded phase has writes on Postgres. */
final class ReverseStarter {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseStarter.class);

    private ReverseStarter() {
    }

    static void start(CutoverConfig cfg, LocalRuntime rt) {
        if (!cfg.reverse().enabled()) {
            return;
        }
        ReverseMetrics.init();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(rt.postgres().jdbcUrl());
        hc.setDataSourceProperties(rt.postgres().driverProperties());
        hc.setMaximumPoolSize(1);
        hc.setPoolName("cutover-reverse");
        hc.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hc);
        rt.own(pool);
        Map<String, Object> props = new HashMap<>(cfg.kafka().properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, rt.bootstrap());
        Admin admin = Admin.create(props);
        rt.own(admin);
        ReversePath path = new ReversePath(ReverseWiring.settings(cfg, rt.bootstrap(), rt.postgres()), pool, admin);
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutover-reverse-watch");
            t.setDaemon(true);
            return t;
        });
        rt.own(path::close);
        rt.own(watch::shutdownNow);
        watch.scheduleWithFixedDelay(() -> {
            try {
                path.tick();
            } catch (Exception e) {
                ReverseMetrics.error("watch");
                LOG.warn("reverse replication: {}", e.getMessage());
            }
        }, 0, 1, TimeUnit.SECONDS);
    }
}
