package io.cutover.cli.corpus;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.core.config.ConfigException;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.config.PostgresPreflight;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Credentials to Kafka and Postgres: the TLS/SASL client properties of kafka.properties reach every
 * Kafka client (Kafka's own configuration dump shows them) and their secrets never reach a log line;
 * the sslmode of the Postgres URL reaches the driver, and a mismatch fails at once naming sslmode.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class CredentialsIT {
    private static final String SASL_PASSWORD = "Sasl-Secret-Pw-91";
    private static final String TRUST_PASSWORD = "Trust-Store-Pw-73";

    @Test
    void kafkaSaslAndTlsPropertiesReachTheClientsAndTheirSecretsAreNeverLogged(KafkaFixture kafka, PostgresFixture pg,
                                                                               @TempDir Path dir) throws Exception {
        // The test broker listens in PLAINTEXT, so the SASL and TLS settings ride along unused: Kafka's
        // configuration dump still lists them, which is what shows that they reached each client.
        Map<String, String> props = Map.of("security.protocol", "PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\""
                        + SASL_PASSWORD + "\";",
                "ssl.truststore.password", TRUST_PASSWORD, "ssl.endpoint.identification.algorithm", "https");
        Path db = dir.resolve("app.db");
        new SqliteShell(db).run("CREATE TABLE creds(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO creds VALUES (1, 'x');");
        String prefix = "cred" + Long.toHexString(System.nanoTime());
        Logger kafkaLog = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        Level was = kafkaLog.getLevel();
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        try (LogRecorder log = new LogRecorder()) {
            kafkaLog.setLevel(Level.INFO);
            try (CaptureRunner capture = new CaptureRunner(new CaptureSettings(kafka.bootstrapServers(), props, prefix, 1, (short) 1,
                    Duration.ofHours(1), dir.resolve("state"), List.of(new CaptureSettings.Sqlite("app", db, List.of(), List.of(), false)),
                    100, 100, Duration.ofMillis(50)));
                 Applier applier = new Applier(new ApplierSettings(kafka.bootstrapServers(), props, prefix, prefix + "-applier",
                         pg.jdbcUrl(), p, prefix, "cutover_" + prefix, Map.of(), ApplierSettings.ErrorsMode.CONTINUE, 100,
                         Duration.ofMillis(100)))) {
                capture.start();
                applier.start();
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                    try (Connection c = pg.connection(); var rs = c.createStatement().executeQuery(
                            "SELECT count(*) FROM \"" + prefix + "\".creds")) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(1);
                    }
                });
            } finally {
                kafkaLog.setLevel(was);
            }
            List<String> lines = log.lines();
            for (String client : List.of("ProducerConfig values", "ConsumerConfig values", "AdminClientConfig values")) {
                assertThat(lines).as("a %s dump with the pass-through settings", client).anySatisfy(l -> assertThat(l)
                        .contains(client).contains("sasl.mechanism = SCRAM-SHA-512").contains("sasl.jaas.config = [hidden]")
                        .contains("ssl.truststore.password = [hidden]"));
            }
            // The raw events are checked too, before any masking converter: Kafka hides them itself.
            assertThat(lines).isNotEmpty().noneSatisfy(l -> assertThat(l).contains(SASL_PASSWORD));
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains(TRUST_PASSWORD));
        }
    }

    @Test
    void sslmodeRequireAgainstAServerWithoutTlsFailsAtOnceNamingSslmode(PostgresFixture pg) {
        DatabaseUrl url = DatabaseUrl.parse(pg.databaseUrl() + "?sslmode=require");
        assertThat(url.jdbcUrl()).endsWith("sslmode=require");
        long start = System.nanoTime();
        assertThatThrownBy(() -> PostgresPreflight.check(url, Duration.ofSeconds(10)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("postgres.url")
                .hasMessageContaining("SSL")
                .hasMessageContaining("sslmode=require")
                .hasMessageContaining("change sslmode in postgres.url");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no hang").isLessThan(Duration.ofSeconds(10));
        PostgresPreflight.check(DatabaseUrl.parse(pg.databaseUrl() + "?sslmode=disable"), Duration.ofSeconds(10));
    }
}
