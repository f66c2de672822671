package io.cutover.cli.run;

import io.cutover.cli.local.LocalKafkaBroker;
import io.cutover.core.config.ConfigException;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.config.SourceConfig;
import io.cutover.core.local.LocalPostgresCluster;
import io.cutover.reconciler.Reconciler;
import io.cutover.reconciler.ReconcilerSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** Builds the reconciler's settings from the configuration, and starts it on a runtime (run, reconcile). */
public final class ReconcilerStarter {
    private ReconcilerStarter() {
    }

    public static ReconcilerSettings settings(CutoverConfig cfg, String bootstrap, DatabaseUrl pg) {
        List<ReconcilerSettings.SqliteSource> sqlite = cfg.sources().stream().filter(SourceConfig::isSqlite)
                .map(s -> new ReconcilerSettings.SqliteSource(s.name(), s.sqlite(), s.tables(), s.exclude())).toList();
        var r = cfg.reconciler();
        return new ReconcilerSettings(bootstrap, cfg.kafka().properties(), cfg.applier().groupId(), pg.jdbcUrl(),
                pg.driverProperties(), cfg.controlSchema(), sqlite, r.interval(), r.fullPassInterval(), r.pageSize(),
                r.repair(), Duration.ofSeconds(2), CaptureWiring.jsonViews(cfg).stream()
                        .map(v -> new ReconcilerSettings.JsonSource(v.source(), v)).toList());
    }

    /** Starts a reconciler owned by the runtime; a failed reconciler turns /readyz red with its reason. */
    public static Reconciler start(CutoverConfig cfg, LocalRuntime rt, boolean repair) throws java.sql.SQLException {
        Reconciler r = new Reconciler(settings(cfg, rt.bootstrap(), rt.postgres()).withRepair(repair || cfg.reconciler().repair()));
        rt.own(r);
        r.start();
        rt.http().addReadinessCheck("reconciler", () -> r.state() == Reconciler.State.FAILED
                ? Optional.of("reconciler failed: " + r.failure().orElse("see the log")) : Optional.empty());
        return r;
    }

    /**
     * The Kafka bootstrap of the running pipeline, for a one-shot command: the configured one, or the
     * embedded broker that {@code cutover run} started under the state directory.
     */
    public static String runningBootstrap(CutoverConfig cfg) throws IOException {
        if (!cfg.kafka().embedded()) {
            return cfg.kafka().bootstrap();
        }
        return LocalKafkaBroker.running(cfg.stateDir()).orElseThrow(() -> new ConfigException("kafka.bootstrap",
                "the embedded broker under " + cfg.stateDir() + " is not running: start the pipeline (cutover run) "
                        + "with the same state-dir first, or pass --kafka HOST:PORT"));
    }

    /** The Postgres of the running pipeline: the configured URL, or the local cluster {@code run} started. */
    public static DatabaseUrl runningPostgres(CutoverConfig cfg) throws IOException {
        DatabaseUrl url = cfg.requirePostgres();
        if (!url.isLocal()) {
            return url;
        }
        Path port = LocalPostgresCluster.at(cfg.stateDir().resolve("postgres")).dir().resolve("port");
        if (!Files.exists(port)) {
            throw new ConfigException("postgres.url", "no local Postgres has run under " + cfg.stateDir()
                    + "; start the pipeline (cutover run --postgres local) first or pass --postgres URL");
        }
        return DatabaseUrl.of("127.0.0.1", Integer.parseInt(Files.readString(port).strip()), "cutover",
                LocalPostgresCluster.SUPERUSER, null);
    }
}
