package io.cutover.cli.control;

import io.cutover.capture.json.JsonSourceView;
import io.cutover.cli.run.CaptureWiring;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.config.SourceConfig;
import io.cutover.reverse.ReverseSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The reverse path's settings from cutover.yml, for {@code run} and the control commands alike. */
public final class ReverseWiring {
    private ReverseWiring() {
    }

    public static ReverseSettings settings(CutoverConfig cfg, String bootstrap, DatabaseUrl postgres) {
        Map<String, Path> sqlite = new LinkedHashMap<>();
        for (SourceConfig s : cfg.sources()) {
            if (s.isSqlite()) {
                sqlite.put(s.name(), s.sqlite());
            }
        }
        Map<String, JsonSourceView> json = new LinkedHashMap<>();
        for (JsonSourceView v : CaptureWiring.jsonViews(cfg)) {
            json.put(v.source(), v);
        }
        return new ReverseSettings(bootstrap, cfg.kafka().properties(), cfg.kafka().topicPrefix(), postgres,
                cfg.controlSchema(), cfg.reverse().slotName(), cfg.reverse().publication(),
                cfg.stateDir().resolve("reverse"), sqlite, json, cfg.reverse().drainTimeout());
    }
}
