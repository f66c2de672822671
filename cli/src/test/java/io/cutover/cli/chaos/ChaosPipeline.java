package io.cutover.cli.chaos;

import io.cutover.cli.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The pipeline as an operator would deploy it on one machine, one OS process per component: the
 * broker ({@link ChaosBroker}, log under {@code broker/kafka}), {@code cutover capture},
 * {@code cutover apply} and {@code cutover reconcile}, each with its own YAML file and state directory.
 * Postgres is the {@link CrashablePostgres}. Each process can be SIGKILLed and started again.
 */
final class ChaosPipeline implements AutoCloseable {
    static final String PREFIX = "chaos";
    /** The applier's consumer group (the default of applier.group-id). */
    static final String GROUP = "cutover-applier";
    private final Path dir;
    private final CrashablePostgres postgres;
    private final JvmProcess broker;
    private final JvmProcess capture;
    private final JvmProcess applier;
    private final JvmProcess reconciler;
    private String bootstrap;

    ChaosPipeline(Path dir, CrashablePostgres postgres) throws IOException {
        this.dir = dir;
        this.postgres = postgres;
        Path logs = Files.createDirectories(dir.resolve("logs"));
        broker = new JvmProcess("broker", logs, ChaosBroker.class.getName(), dir.resolve("broker").toString());
        capture = new JvmProcess("capture", logs, Main.class.getName(), "capture", "-c", dir.resolve("capture.yml").toString());
        applier = new JvmProcess("applier", logs, Main.class.getName(), "apply", "-c", dir.resolve("applier.yml").toString());
        reconciler = new JvmProcess("reconciler", logs, Main.class.getName(), "reconcile", "-c",
                dir.resolve("reconciler.yml").toString());
    }

    /** Starts the broker, writes every component's configuration for its address, starts the components. */
    void start() throws Exception {
        startBroker();
        Matcher m = Pattern.compile("broker ready (\\S+)").matcher(broker.logTail());
        if (!m.find()) {
            throw new IllegalStateException("the broker printed no address: " + broker.logTail());
        }
        bootstrap = m.group(1);
        writeConfig("capture", "");
        // Static membership: a restarted applier takes its predecessor's partitions at once instead of
        // waiting out the dead member's session; exactly what a supervisor-restarted applier should use.
        writeConfig("applier", "  properties:\n    group.instance.id: chaos-applier-1\n");
        writeConfig("reconciler", "");
        writeConfig("verify", "");
        for (JvmProcess p : components()) {
            p.start();
        }
    }

    private void writeConfig(String role, String kafkaExtra) throws IOException {
        Files.writeString(dir.resolve(role + ".yml"), String.join("\n",
                "state-dir: " + dir.resolve("state-" + role),
                "kafka:",
                "  bootstrap: " + bootstrap,
                "  topic-prefix: " + PREFIX,
                kafkaExtra + "postgres:",
                "  url: " + postgres.databaseUrl(),
                "sources:",
                "  - name: app",
                "    sqlite: " + sqliteFile(),
                "  - name: files",
                "    json-dir: " + dir.resolve("data"),
                "http:",
                "  port: 0",
                "applier:",
                "  errors-mode: stop",
                "reconciler:",
                "  interval: 1s",
                "  full-pass-interval: 15s",
                ""));
    }

    void startBroker() throws Exception {
        broker.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> broker.printedSinceStart("broker ready") || !broker.isAlive());
        if (!broker.isAlive()) {
            throw new IllegalStateException("the broker did not start: " + broker.logTail());
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    Path sqliteFile() {
        return dir.resolve("app.db");
    }

    Path verifyConfig() {
        return dir.resolve("verify.yml");
    }

    JvmProcess broker() {
        return broker;
    }

    JvmProcess capture() {
        return capture;
    }

    JvmProcess applier() {
        return applier;
    }

    JvmProcess reconciler() {
        return reconciler;
    }

    CrashablePostgres postgres() {
        return postgres;
    }

    List<JvmProcess> components() {
        return List.of(capture, applier, reconciler);
    }

    /** The first process that died on its own (not killed by the suite), or null. */
    JvmProcess deadProcess() {
        for (JvmProcess p : List.of(broker, capture, applier, reconciler)) {
            if (!p.isAlive()) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        for (JvmProcess p : List.of(reconciler, applier, capture, broker)) {
            p.kill();
        }
    }
}
