package io.cutover.capture.it;

import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs JSON file capture in its own JVM so that a test can kill it with SIGKILL.
 * Args: bootstrap stateDir dataDir prefix source. Prints {@code STATE <state>} on each change.
 */
public final class JsonCaptureMain {
    private JsonCaptureMain() {
    }

    public static void main(String[] a) {
        CaptureSettings s = new CaptureSettings(a[0], Map.of(), a[3], 2, (short) 1, Duration.ofHours(1), Path.of(a[1]),
                List.of(), 100, 100, Duration.ofMillis(20), List.of(new CaptureSettings.JsonDir(a[4], Path.of(a[2]), List.of())));
        CaptureRunner r = new CaptureRunner(s);
        r.start();
        CaptureRunner.State last = null;
        while (true) {
            CaptureRunner.State now = r.state();
            if (now != last) {
                System.out.println("STATE " + now + r.failure().map(f -> " " + f).orElse(""));
                System.out.flush();
                last = now;
            }
            LockSupport.parkNanos(20_000_000L); // a status printer, not synchronisation
        }
    }
}
