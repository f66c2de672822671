package io.cutover.applier;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** An applier in a JVM of its own, so that tests can kill it with SIGKILL. Args: bootstrap jdbcUrl user prefix group [instanceId]. */
public final class ApplierMain {
    private ApplierMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", args[2]);
        // Short sessions so that a surviving applier takes a killed one's partitions within seconds.
        Map<String, String> kafka = new java.util.HashMap<>(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
        if (args.length > 5 && !args[5].isEmpty()) {
            // Static membership: a restarted applier replaces its killed predecessor at once.
            kafka.put("group.instance.id", args[5]);
        }
        ApplierSettings s = new ApplierSettings(args[0], kafka, args[3], args[4], args[1], p, "public", "cutover",
                Map.of(), ApplierSettings.ErrorsMode.CONTINUE, 200, Duration.ofMillis(100));
        Applier applier = new Applier(s);
        applier.start();
        System.out.println("applier started");
        new CountDownLatch(1).await();
    }
}
