package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.SqliteShell;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image tar that {@code jib:buildTar} wrote in this build is a runnable image: unpacked layer by layer
 * and started with chroot as its own user (no container engine here), its entrypoint answers, and a capture
 * process inside it reads a SQLite file, publishes to Kafka and serves its probes.
 */
@ExtendWith(KafkaExtension.class)
class ImageIT {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);
    private static ImageTarball image;

    @BeforeAll
    static void unpack() throws Exception {
        Path tar = Path.of(System.getProperty("cutover.image.tar", "target/cutover-image.tar"));
        assertThat(tar).as("jib:buildTar output (mvn package -pl deploy)").exists();
        Path work = Path.of("target", "image-it");
        HostCommand.run(CLI_TIMEOUT, null, null, List.of("rm", "-rf", work.toString()));
        image = ImageTarball.unpack(tar, work.toAbsolutePath());
    }

    @Test
    void configNamesTheEntrypointPortUserAndLabels() {
        JsonNode c = image.config.get("config");
        List<String> entrypoint = new ArrayList<>();
        c.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertThat(entrypoint).startsWith("java").endsWith("io.cutover.cli.Main").contains("-XX:+UseParallelGC");
        assertThat(c.get("ExposedPorts").has("9400/tcp")).isTrue();
        assertThat(c.get("User").asText()).isEqualTo("10001:10001");
        assertThat(c.get("WorkingDir").asText()).isEqualTo("/var/lib/cutover");
        assertThat(c.get("Labels").get("org.opencontainers.image.title").asText()).isEqualTo("cutover");
        assertThat(c.get("Labels").get("org.opencontainers.image.version").asText()).isNotBlank();
    }

    @Test
    void rootFilesystemHasTheRuntimeAndAStateDirectoryOwnedByTheImageUser() throws Exception {
        assertThat(image.rootfs.resolve("opt/java/bin/java")).isExecutable();
        assertThat(image.rootfs.resolve("app/jib-classpath-file")).isRegularFile();
        PosixFileAttributes state = Files.readAttributes(image.rootfs.resolve("var/lib/cutover"), PosixFileAttributes.class);
        assertThat(Files.getAttribute(image.rootfs.resolve("var/lib/cutover"), "unix:uid")).isEqualTo(10001);
        assertThat(state.isDirectory()).isTrue();
        assertThat(image.rootfs.resolve("bin/sh")).as("no shell in the image").doesNotExist();
    }

    @Test
    void imageCarriesTheSameLibrariesAsTheCliDistribution() throws Exception {
        // A test-scoped dependency of this module once replaced a runtime jar's version in the image.
        Path cliLib = Path.of("../cli/target/lib");
        assertThat(cliLib).as("cli/target/lib (mvn package -pl cli)").isDirectory();
        // The cli jar itself is named as the build resolved it: cutover-cli.jar from the reactor (cli's
        // finalName), cutover-cli-<version>.jar from a local repository.
        List<String> inImage = names(image.rootfs.resolve("app/libs"));
        assertThat(inImage.stream().filter(n -> n.matches("cutover-cli(-.+)?\\.jar"))).hasSize(1);
        assertThat(inImage.stream().filter(n -> !n.matches("cutover-cli(-.+)?\\.jar")).toList())
                .containsExactlyInAnyOrderElementsOf(names(cliLib));
    }

    private static List<String> names(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void entrypointPrintsHelpAndVersionAsTheImageUser() throws Exception {
        HostCommand.Result help = runEntrypoint(List.of("--help"));
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: cutover", "capture", "apply", "reconcile");
        HostCommand.Result version = runEntrypoint(List.of("--version"));
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("cutover ");
    }

    @Test
    void captureInTheImageSnapshotsASqliteFileToKafkaAndAnswersItsProbes(KafkaFixture kafka) throws Exception {
        // The deploy configuration as shipped (compose mounts it, the ConfigMap carries it), the SQLite file
        // on a "volume" the image user owns, as the app's sidecar sees it.
        Path etc = Files.createDirectories(image.rootfs.resolve("etc/cutover"));
        Files.copy(Path.of("config/cutover.yml"), etc.resolve("cutover.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path data = Files.createDirectories(image.rootfs.resolve("data"));
        String table = "image_items_" + Long.toHexString(System.nanoTime());
        new SqliteShell(data.resolve("app.db")).run("CREATE TABLE " + table + "(id INTEGER PRIMARY KEY, name TEXT);"
                + "INSERT INTO " + table + "(name) VALUES ('from-the-image');");
        HostCommand.run(CLI_TIMEOUT, null, null, List.of("chown", "-R", "10001:10001", data.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process capture = ImageChroot.start(image, List.of("capture", "-c", "/etc/cutover/cutover.yml", "--http-port", "" + port),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .failFast("capture exited", () -> !capture.isAlive()).untilAsserted(() -> {
                            assertThat(status(http, port, "/livez")).isEqualTo(200);
                            assertThat(status(http, port, "/readyz")).isEqualTo(200);
                        });
            } catch (Throwable e) {
                throw new AssertionError("capture in the image did not become ready: " + HostCommand.output(capture), e);
            }
            String topic = "cutover.app." + table;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProps("image-it-" + table))) {
                consumer.subscribe(List.of(topic));
                List<String> values = new ArrayList<>();
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        values.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                    assertThat(values).anySatisfy(v -> assertThat(v).contains("from-the-image"));
                });
            }
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("cutover_capture_");
        } finally {
            ImageChroot.stop(capture);
        }
    }

    private static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HostCommand.Result runEntrypoint(List<String> args) throws Exception {
        return HostCommand.run(CLI_TIMEOUT, ImageChroot.environment(image, Map.of()), null, ImageChroot.command(image, args));
    }
}
