package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.SqliteShell;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged Connect plugin with the shipped example configuration, in a real standalone worker: the
 * SQLite connector snapshots a table and streams a row the sqlite3 shell writes afterwards.
 */
@ExtendWith(KafkaExtension.class)
class ConnectPluginIT {
    private static final Path PLUGIN_PARENT = Path.of(System.getProperty("cutover.connect.plugin.dir",
            "target/cutover-capture-connect"));

    @Test
    void pluginHasTheConnectorsAndTheirLibrariesButNotKafkasOwnJars() throws Exception {
        Path lib = PLUGIN_PARENT.resolve("cutover-capture-connect/lib");
        List<String> jars;
        try (var s = Files.list(lib)) {
            jars = s.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("cutover-capture-")).anyMatch(j -> j.startsWith("cutover-core-"))
                .anyMatch(j -> j.startsWith("sqlite-jdbc-")).anyMatch(j -> j.startsWith("jackson-databind-"));
        assertThat(jars).noneMatch(j -> j.startsWith("kafka-") || j.startsWith("connect-") || j.startsWith("slf4j-")
                || j.startsWith("logback-") || j.startsWith("debezium-"));
        assertThat(PLUGIN_PARENT.resolve("cutover-capture-connect/etc/sqlite-source.properties")).isRegularFile();
    }

    @Test
    void sqliteExampleConfigStreamsSnapshotAndLiveRowsThroughAStandaloneWorker(KafkaFixture kafka, @TempDir Path dir)
            throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String source = "connect_" + id;
        String prefix = "connectit" + id;
        Path db = dir.resolve("app.db");
        SqliteShell sqlite = new SqliteShell(db);
        sqlite.run("CREATE TABLE orders(id INTEGER PRIMARY KEY, item TEXT); INSERT INTO orders(item) VALUES ('before-start');");

        Properties connector = ConnectWorker.load(Path.of("connect/sqlite-source.properties"));
        connector.setProperty("name", "cutover-sqlite-" + id);
        connector.setProperty("sqlite.path", db.toString());
        connector.setProperty("cutover.source.name", source);
        connector.setProperty("topic.prefix", prefix);
        Properties worker = ConnectWorker.load(Path.of("connect/worker-standalone.properties"));
        worker.setProperty("bootstrap.servers", kafka.bootstrapServers());
        worker.setProperty("plugin.path", PLUGIN_PARENT.toAbsolutePath().toString());
        worker.setProperty("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        try (ServerSocket s = new ServerSocket(0)) {
            worker.setProperty("listeners", "http://127.0.0.1:" + s.getLocalPort());
        }
        Process connect = ConnectWorker.start(ConnectWorker.store(worker, dir.resolve("worker.properties")),
                ConnectWorker.store(connector, dir.resolve("connector.properties")));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProps("connect-it-" + id))) {
            consumer.subscribe(List.of(prefix + "." + source + ".orders"));
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            awaitRecord(connect, consumer, seen, "before-start");
            sqlite.run("INSERT INTO orders(item) VALUES ('after-start');");
            awaitRecord(connect, consumer, seen, "after-start");

            ConsumerRecord<byte[], byte[]> live = seen.get(seen.size() - 1);
            JsonNode envelope = new ObjectMapper().readTree(live.value());
            assertThat(envelope.findValue("op").asText()).isEqualTo("c");
            assertThat(live.headers().lastHeader("cutover.schema")).as("schema header through ByteArrayConverter").isNotNull();
            String log = HostCommand.output(connect);
            assertThat(log).contains("Loading plugin from: " + PLUGIN_PARENT.toAbsolutePath().resolve("cutover-capture-connect"));
            assertThat(log).doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
        } finally {
            connect.destroy();
            connect.waitFor();
        }
    }

    private static void awaitRecord(Process connect, KafkaConsumer<byte[], byte[]> consumer,
                                    List<ConsumerRecord<byte[], byte[]>> seen, String text) throws Exception {
        try {
            await().atMost(Duration.ofMinutes(2)).failFast("the Connect worker exited", () -> !connect.isAlive())
                    .untilAsserted(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                        assertThat(seen).anySatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains(text));
                    });
        } catch (Throwable e) {
            throw new AssertionError("no record with " + text + "; worker output:\n" + HostCommand.output(connect), e);
        }
    }
}
