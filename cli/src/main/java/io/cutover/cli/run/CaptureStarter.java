package io.cutover.cli.run;

import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.core.config.CutoverConfig;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Starts capture on a runtime (for {@code run} and {@code capture}), or uninstalls it. */
public final class CaptureStarter {
    private CaptureStarter() {
    }

    /** Starts capture of the SQLite and JSON sources, owned by the runtime; empty when there are none. */
    public static Optional<CaptureRunner> start(CutoverConfig cfg, LocalRuntime rt) {
        CaptureSettings settings = CaptureWiring.settings(cfg, rt.bootstrap());
        if (settings.sqliteSources().isEmpty() && settings.jsonSources().isEmpty()) {
            return Optional.empty();
        }
        CaptureRunner capture = new CaptureRunner(settings);
        rt.own(capture);
        capture.start();
        rt.http().addReadinessCheck("capture", () -> capture.state() == CaptureRunner.State.FAILED
                ? Optional.of("capture failed: " + capture.failure().orElse("see the log"))
                : Optional.empty());
        return Optional.of(capture);
    }

    /** The uninstall plan, carried out when {@code execute}. */
    public static List<String> uninstall(CutoverConfig cfg, boolean execute) throws SQLException, IOException {
        // Uninstalling touches only the SQLite files and offset files; no Kafka client is created.
        return CaptureRunner.uninstall(CaptureWiring.settings(cfg, "unused:9092"), execute);
    }
}
