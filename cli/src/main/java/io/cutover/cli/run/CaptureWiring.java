package io.cutover.cli.run;

import io.cutover.capture.CaptureSettings;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.SourceConfig;

import java.util.List;

/** Builds capture's plain settings from the validated configuration. */
final class CaptureWiring {
    private CaptureWiring() {
    }

    static CaptureSettings settings(CutoverConfig cfg, String bootstrap) {
        List<CaptureSettings.Sqlite> sqlite = cfg.sources().stream().filter(SourceConfig::isSqlite)
                .map(s -> new CaptureSettings.Sqlite(s.name(), s.sqlite(), s.tables(), s.exclude(),
                        cfg.capture().switchToWal()))
                .toList();
        var k = cfg.kafka();
        var c = cfg.capture();
        return new CaptureSettings(bootstrap, k.properties(), k.topicPrefix(), k.partitions(),
                (short) k.replicationFactor(), k.minCompactionLag(), cfg.stateDir().resolve("capture"), sqlite,
                c.snapshotChunkSize(), c.batchSize(), c.pollInterval());
    }
}
