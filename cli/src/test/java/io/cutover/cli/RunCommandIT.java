package io.cutover.cli;

import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code cutover run} as its own OS process, with the logging configuration it ships with. */
@ExtendWith(PostgresExtension.class)
class RunCommandIT {
    private static final String PASSWORD = "Never-Log-Me-42";
    private static final String SASL_PASSWORD = "Sasl-Never-Log-Me-43";

    @Test
    void runCapturesOnEmbeddedKafkaServesMetricsAndNeverLogsASecretFromFilesOrKafkaProperties(PostgresFixture pg, @TempDir Path dir) throws Exception {
        int httpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        // The throwaway cluster trusts local connections, so any password is accepted: it is here to
        // be masked, not to authenticate.
        // The password comes from a secret file, as Docker and Kubernetes mount them, and the Kafka
        // SASL password from kafka.properties (the embedded broker is PLAINTEXT, so it rides along unused).
        Files.writeString(dir.resolve("pg-password"), PASSWORD + "\n");
        Files.writeString(dir.resolve("kafka-jaas"), "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"app\" password=\"" + SASL_PASSWORD + "\";\n");
        String url = pg.databaseUrl().replace("postgres://" + pg.user() + "@", "postgres://" + pg.user() + ":${file:pg-password}@");
        Path config = dir.resolve("cutover.yml");
        Files.writeString(config, "postgres:\n  url: " + url + "\nkafka:\n  properties:\n    security.protocol: PLAINTEXT\n"
                + "    sasl.mechanism: PLAIN\n    sasl.jaas.config: ${file:kafka-jaas}\n");
        Path db = dir.resolve("app.db");
        new SqliteShell(db).run("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ('ada');");
        Path log = dir.resolve("run.log");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(javaBin(), "-cp", cp, Main.class.getName(), "run",
                "-c", config.toString(), "--sqlite", db.toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", Integer.toString(httpPort)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DATABASE_URL");
        pb.environment().put("CUTOVER_LOG_LEVEL", "DEBUG");
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                assertThat(p.isAlive()).as("cutover run is alive; output: %s", Files.readString(log)).isTrue();
                HttpResponse<String> r = http.send(metrics, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("jvm_memory_used_bytes")
                        .contains("cutover_capture_snapshot_rows_total{source=\"app\",table=\"users\"} 1.0");
            });
            assertThat(Files.readString(log)).contains("Kafka     127.0.0.1:").contains("(embedded");
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("run stops on SIGTERM").isTrue();
        }
        String output = Files.readString(log);
        assertThat(output).contains("Postgres  postgres://" + pg.user() + ":****@");
        assertThat(output).doesNotContain(PASSWORD).doesNotContain(SASL_PASSWORD);

        assertThat(Main.execute("capture", "--sqlite", db.toString(), "--uninstall")).isZero();
        assertThat(new SqliteShell(db).query("SELECT count(*) FROM sqlite_master WHERE name LIKE '_cutover%';"))
                .as("a dry run changes nothing").doesNotContain("0");
        assertThat(Main.execute("capture", "--sqlite", db.toString(), "--uninstall", "--execute")).isZero();
        assertThat(new SqliteShell(db).query("SELECT count(*) FROM sqlite_master WHERE name LIKE '_cutover%';"))
                .containsExactly("0");
        assertThat(new SqliteShell(db).query("SELECT name FROM users;")).containsExactly("ada");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString() + (File.separatorChar == '\\' ? ".exe" : "");
    }
}
