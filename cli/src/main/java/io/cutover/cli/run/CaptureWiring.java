package io.cutover.cli.run;

import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.capture.json.JsonSourceView;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.JsonFileSpec;
import io.cutover.core.config.SourceConfig;

import java.util.List;

/** Builds capture's plain settings from the validated configuration. */
public final class CaptureWiring {
    private CaptureWiring() {
    }

    static CaptureSettings settings(CutoverConfig cfg, String bootstrap) {
        List<CaptureSettings.Sqlite> sqlite = cfg.sources().stream().filter(SourceConfig::isSqlite)
                .map(s -> new CaptureSettings.Sqlite(s.name(), s.sqlite(), s.tables(), s.exclude(),
                        cfg.capture().switchToWal()))
                .toList();
        List<CaptureSettings.JsonDir> json = cfg.sources().stream().filter(s -> !s.isSqlite())
                .map(s -> new CaptureSettings.JsonDir(s.name(), s.jsonDir(), s.files().stream().map(CaptureWiring::mapping).toList()))
                .toList();
        var k = cfg.kafka();
        var c = cfg.capture();
        return new CaptureSettings(bootstrap, k.properties(), k.topicPrefix(), k.partitions(),
                (short) k.replicationFactor(), k.minCompactionLag(), cfg.stateDir().resolve("capture"), sqlite,
                c.snapshotChunkSize(), c.batchSize(), c.pollInterval(), json);
    }

    /** Capture's view of each JSON source, for the reconciler and the write switch (same host as capture). */
    public static List<JsonSourceView> jsonViews(CutoverConfig cfg) {
        CaptureSettings s = settings(cfg, "unused");
        return s.jsonSources().stream().map(j -> new JsonSourceView(j.name(), j.dir(), j.files(),
                CaptureSettings.jsonStateDir(s.stateDir(), j.name()))).toList();
    }

    static JsonFileMapping mapping(JsonFileSpec f) {
        return new JsonFileMapping(f.file(), f.table(), f.key(), f.records(), f.columns(),
                f.children().stream().map(c -> new JsonFileMapping.Child(c.field(), c.table(), c.parentKey(), c.key())).toList(),
                f.allowMassDelete(), f.massDeletePercent() / 100.0);
    }
}
