package io.cutover.cli.run;

import io.cutover.cli.local.LocalKafkaBroker;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.config.PostgresPreflight;
import io.cutover.core.http.HttpEndpoint;
import io.cutover.core.http.MetricsRegistry;
import io.cutover.core.local.LocalPostgresCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The services a pipeline process stands on, resolved from the configuration: the Kafka bootstrap
 * (starting the embedded broker when {@code kafka.bootstrap: embedded}), Postgres (starting a local
 * cluster for {@code --postgres local}, otherwise checking that it answers), and the HTTP endpoint.
 * Closes what it started, in reverse order.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String bootstrap;
    private DatabaseUrl postgres;
    private HttpEndpoint http;

    private LocalRuntime() {
    }

    public static LocalRuntime start(CutoverConfig cfg, boolean needsPostgres) throws IOException, SQLException {
        LocalRuntime rt = new LocalRuntime();
        try {
            if (needsPostgres) {
                rt.postgres = rt.postgres(cfg);
            }
            rt.bootstrap = rt.kafka(cfg);
            rt.http = HttpEndpoint.start(cfg.http().bind(), cfg.http().port(), MetricsRegistry.prometheus());
            rt.started.push(rt.http);
            return rt;
        } catch (IOException | SQLException | RuntimeException e) {
            rt.close();
            throw e;
        }
    }

    private DatabaseUrl postgres(CutoverConfig cfg) throws IOException, SQLException {
        DatabaseUrl url = cfg.requirePostgres();
        if (!url.isLocal()) {
            PostgresPreflight.check(url, Duration.ofSeconds(5));
            return url;
        }
        LocalPostgresCluster pg = LocalPostgresCluster.at(cfg.stateDir().resolve("postgres")).start();
        started.push(pg);
        pg.createDatabase("cutover");
        LOG.info("local Postgres cluster on 127.0.0.1:{} (data in {}), database 'cutover'", pg.port(),
                cfg.stateDir().resolve("postgres"));
        return DatabaseUrl.of("127.0.0.1", pg.port(), "cutover", LocalPostgresCluster.SUPERUSER, null);
    }

    private String kafka(CutoverConfig cfg) throws IOException {
        if (!cfg.kafka().embedded()) {
            return cfg.kafka().bootstrap();
        }
        LocalKafkaBroker broker = LocalKafkaBroker.in(cfg.stateDir());
        String b = broker.start();
        started.push(broker);
        return b;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public DatabaseUrl postgres() {
        return postgres;
    }

    public HttpEndpoint http() {
        return http;
    }

    /**
     * Blocks until the process is told to stop (Ctrl-C, SIGTERM). The JVM exits once its shutdown
     * hooks finish, so the hook itself closes everything, in reverse order of starting.
     */
    public void blockUntilStopped() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "cutover-shutdown"));
        new java.util.concurrent.CountDownLatch(1).await();
    }

    /** Something started on top of these services (capture, applier); closed before them. */
    public synchronized void own(AutoCloseable component) {
        started.push(component);
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
