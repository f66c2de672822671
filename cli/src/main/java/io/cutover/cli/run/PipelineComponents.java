package io.cutover.cli.run;

import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.SourceConfig;

import java.io.PrintWriter;

/** Starts the pipeline's components on top of the runtime, and says plainly which are not built yet. */
final class PipelineComponents {
    private PipelineComponents() {
    }

    static void startAll(CutoverConfig cfg, LocalRuntime rt, PrintWriter out) throws java.sql.SQLException {
        if (cfg.sources().isEmpty()) {
            out.println("Sources   none configured: add --sqlite FILE, --json-dir DIR or sources: in cutover.yml");
        }
        for (SourceConfig s : cfg.sources()) {
            out.printf("Source    %s: %s%s%n", s.name(), s.isSqlite() ? s.sqlite() : s.jsonDir(),
                    s.isSqlite() ? "" : " (JSON files)");
        }
        CaptureStarter.start(cfg, rt);
        ApplierStarter.start(cfg, rt);
        ControlStarter.start(cfg, rt);
        ReverseStarter.start(cfg, rt);
        out.printf("Applier   group %s into schema %s of %s%n", cfg.applier().groupId(), cfg.targetSchema(), rt.postgres());
        if (cfg.reverse().enabled()) {
            out.printf("Reverse   slot %s, publication %s: Postgres's changes written back once writes are switched%n",
                    cfg.reverse().slotName(), cfg.reverse().publication());
        }
        if (cfg.reconciler().enabled() && cfg.sources().stream().anyMatch(SourceConfig::isSqlite)) {
            ReconcilerStarter.start(cfg, rt, false);
            out.printf("Reconcile every %s, full pass every %s%s%n", cfg.reconciler().interval(),
                    cfg.reconciler().fullPassInterval(), cfg.reconciler().repair() ? ", with repair" : "");
        }
    }

}
