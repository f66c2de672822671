package io.cutover.bench;

import io.cutover.core.local.LocalPostgresCluster;
import io.cutover.reconciler.ReconcilerSettings;
import io.cutover.reconciler.Verification;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A full `cutover verify` of the initial sync, which must come out clean: the end of Cutover's timed run. */
final class SyncVerifier {
    private SyncVerifier() {
    }

    static void verify(BenchServices s, Path db, String jdbcUrl) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", LocalPostgresCluster.SUPERUSER);
        ReconcilerSettings settings = new ReconcilerSettings(s.bootstrap, Map.of(), "cutover-applier", jdbcUrl, p,
                "cutover", List.of(new ReconcilerSettings.SqliteSource("app", db)), null, null, 5000, false, null);
        Verification.Result r = Verification.run(settings, t -> true, Duration.ofMinutes(2), false);
        if (!r.inSync()) {
            throw new IllegalStateException("the initial sync did not verify clean: " + r.confirmed().size()
                    + " mismatches, " + r.unsettled().size() + " unsettled, not in Postgres: " + r.tablesNotInPostgres());
        }
    }
}
