package io.cutover.cli.run;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Starts the applier on a runtime, for {@code run} and {@code apply}. */
public final class ApplierStarter {
    private ApplierStarter() {
    }

    public static ApplierSettings settings(CutoverConfig cfg, String bootstrap, DatabaseUrl pg) {
        var a = cfg.applier();
        return new ApplierSettings(bootstrap, cfg.kafka().properties(), cfg.kafka().topicPrefix(), a.groupId(),
                pg.jdbcUrl(), pg.driverProperties(), cfg.targetSchema(), cfg.controlSchema(), a.columnTypes(),
                a.stopOnRejected() ? ApplierSettings.ErrorsMode.STOP : ApplierSettings.ErrorsMode.CONTINUE,
                a.batchSize(), Duration.ofMillis(200));
    }

    /** Starts an applier owned by the runtime; a failed applier turns /readyz red with its reason. */
    public static Applier start(CutoverConfig cfg, LocalRuntime rt) throws SQLException {
        Applier applier = new Applier(settings(cfg, rt.bootstrap(), rt.postgres()));
        rt.own(applier);
        applier.start();
        rt.http().addReadinessCheck("applier", () -> applier.state() == Applier.State.FAILED
                ? Optional.of("applier failed: " + applier.failure().orElse("see the log")) : Optional.empty());
        return applier;
    }
}
