package io.cutover.cli.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real single-node KRaft broker (broker and controller in one process) whose log lives under the
 * state directory, so that topics and their data survive a restart of {@code cutover run}. It is the
 * embedded default for one machine; production points {@code kafka.bootstrap} at a real cluster.
 *
 * <p>The ports are chosen once, when the log directory is formatted, and kept in
 * {@code kafka/broker.properties}: clients and the stored metadata both depend on them.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private final Path dir;
    private KafkaRaftServer server;
    private int port;

    private LocalKafkaBroker(Path dir) {
        this.dir = dir;
    }

    /** A broker whose files live in {@code <stateDir>/kafka}. */
    public static LocalKafkaBroker in(Path stateDir) {
        return new LocalKafkaBroker(stateDir.resolve("kafka"));
    }

    public synchronized String start() throws IOException {
        Files.createDirectories(dir);
        Path propsFile = dir.resolve("broker.properties");
        Properties props = Files.exists(propsFile) ? load(propsFile) : firstConfig(propsFile);
        port = Integer.parseInt(props.getProperty("cutover.port"));
        ensurePortFree(port, "broker");
        ensurePortFree(Integer.parseInt(props.getProperty("cutover.controller.port")), "controller");
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(propsFile);
        }
        Properties serverProps = new Properties();
        props.forEach((k, v) -> {
            if (!k.toString().startsWith("cutover.")) {
                serverProps.put(k, v);
            }
        });
        server = new KafkaRaftServer(KafkaConfig.fromProps(serverProps, false), Time.SYSTEM);
        server.startup();
        LOG.info("embedded Kafka broker started on {} (log in {})", bootstrap(), dir);
        return bootstrap();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * The address of the embedded broker another process (e.g. {@code cutover run}) is running on
     * this state directory, for commands that talk to it without starting one.
     */
    public static java.util.Optional<String> running(Path stateDir) throws IOException {
        Path propsFile = stateDir.resolve("kafka").resolve("broker.properties");
        if (!Files.exists(propsFile)) {
            return java.util.Optional.empty();
        }
        int p = Integer.parseInt(load(propsFile).getProperty("cutover.port"));
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", p), 1000);
            return java.util.Optional.of("127.0.0.1:" + p);
        } catch (IOException notListening) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties firstConfig(Path file) throws IOException {
        int p = LocalPorts.preferred(9092);
        int c = LocalPorts.free();
        Properties props = new Properties();
        props.setProperty("cutover.port", Integer.toString(p));
        props.setProperty("cutover.controller.port", Integer.toString(c));
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + c);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + p + ",CONTROLLER://127.0.0.1:" + c);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + p);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.setProperty("num.partitions", "1");
        props.setProperty("log.cleaner.enable", "true");
        try (var out = Files.newBufferedWriter(file)) {
            props.store(out, "Cutover's embedded broker; ports are fixed once the log is formatted");
        }
        return props;
    }

    private void format(Path propsFile) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        int rc = StorageTool.execute(new String[]{"format", "-t", clusterId, "-c", propsFile.toString()}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("could not format the embedded Kafka log in " + dir + ": "
                    + buf.toString(StandardCharsets.UTF_8) + " Remove " + dir + " to start afresh.");
        }
    }

    private void ensurePortFree(int p, String what) {
        if (!LocalPorts.isFree(p)) {
            throw new IllegalStateException("the embedded Kafka " + what + " port " + p + " (fixed in "
                    + dir.resolve("broker.properties") + ") is in use: is another `cutover run` using "
                    + "this state directory still running? Stop it, or point kafka.bootstrap at a broker.");
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }
}
