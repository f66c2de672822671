package io.cutover.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("cutover.yml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void acceptsTheDocumentedExampleAsItStands() throws IOException {
        Files.createFile(dir.resolve("app.db"));
        Files.createDirectory(dir.resolve("data"));
        Path f = yaml("""
                state-dir: ./.cutover
                kafka:
                  bootstrap: embedded        # or host:port,host:port
                  topic-prefix: cutover
                postgres:
                  url: ${DATABASE_URL}
                sources:
                  - name: app
                    sqlite: ./app.db
                  - name: files
                    json-dir: ./data
                    files:
                      - file: users.json
                        table: users
                        key: id
                http:
                  port: 9400
                """);
        CutoverConfig c = ConfigLoader.load(f, Map.of("DATABASE_URL", "postgres://u:pw@db.example:6543/app"), Map.of());

        assertThat(c.kafka().embedded()).isTrue();
        assertThat(c.kafka().topicPrefix()).isEqualTo("cutover");
        assertThat(c.postgresUrl().host()).isEqualTo("db.example");
        assertThat(c.postgresUrl().port()).isEqualTo(6543);
        assertThat(c.http().port()).isEqualTo(9400);
        assertThat(c.http().bind()).isEqualTo("127.0.0.1");
        assertThat(c.stateDir()).isEqualTo(dir.resolve(".cutover"));
        assertThat(c.sources()).hasSize(2);
        assertThat(c.sources().get(0).sqlite()).isEqualTo(dir.resolve("app.db"));
        assertThat(c.sources().get(1).files().get(0).key()).containsExactly("id");
        assertThat(c.sources().get(1).files().get(0).records()).isEqualTo("auto");
    }

    @Test
    void flagsOverrideTheFileAndTheFileOverridesTheEnvironment() throws IOException {
        Path f = yaml("kafka:\n  bootstrap: file:9092\nhttp:\n  port: 1234\n");
        CutoverConfig c = ConfigLoader.load(f, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"),
                Map.of("http.port", "4321"));
        assertThat(c.kafka().bootstrap()).isEqualTo("file:9092");
        assertThat(c.http().port()).isEqualTo(4321);
        assertThat(ConfigLoader.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"), Map.of())
                .kafka().bootstrap()).isEqualTo("env:9092");
    }

    @Test
    void envInterpolationWithDefaultsAndKafkaPropertiesPassThrough() throws IOException {
        Path f = yaml("""
                kafka:
                  topic-prefix: ${PREFIX:-mig}
                  properties:
                    security.protocol: SASL_SSL
                    sasl:
                      jaas.config: ${JAAS}
                """);
        CutoverConfig c = ConfigLoader.load(f, Map.of("JAAS", "secret-jaas-line"), Map.of());
        assertThat(c.kafka().topicPrefix()).isEqualTo("mig");
        assertThat(c.kafka().properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "secret-jaas-line");
        assertThat(io.cutover.core.log.Secrets.mask("x secret-jaas-line y")).doesNotContain("secret-jaas-line");
    }

    @Test
    void secretsComeFromSecretFilesAndAreMaskedWhereverTheyWouldBeLogged() throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/pg-password"), "Fr0m-A-File-77\n");
        Files.writeString(dir.resolve("secrets/jaas"), "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"app\" password=\"Sasl-From-File-88\";");
        Path f = yaml("""
                postgres:
                  url: postgres://app:${file:secrets/pg-password}@db.example:5432/app?sslmode=verify-full
                kafka:
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: PLAIN
                    sasl.jaas.config: ${file:secrets/jaas}
                """);
        CutoverConfig c = ConfigLoader.load(f, Map.of(), Map.of());
        assertThat(c.postgresUrl().password()).hasValue("Fr0m-A-File-77");
        assertThat(c.postgresUrl().params()).containsEntry("sslmode", "verify-full");
        assertThat(c.kafka().properties().get("sasl.jaas.config")).contains("Sasl-From-File-88");
        assertThat(io.cutover.core.log.Secrets.mask("url " + c.postgresUrl().jdbcUrl() + " pw Fr0m-A-File-77 jaas "
                + c.kafka().properties().get("sasl.jaas.config"))).doesNotContain("Fr0m-A-File-77").doesNotContain("Sasl-From-File-88");
    }

    @Test
    void aSecretFileThatCannotBeReadFailsNamingTheKeyAndTheFile() throws IOException {
        Path f = yaml("postgres:\n  url: postgres://app:${file:/run/secrets/nope}@db:5432/app\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("postgres.url")
                .hasMessageContaining("/run/secrets/nope");
    }

    @Test
    void emptyBootstrapFailsNamingTheKeyAndTheFix() throws IOException {
        Path f = yaml("kafka:\n  bootstrap: \"\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrap")
                .hasMessageContaining("is empty: set it to host:port[,host:port] or to 'embedded'");
    }

    @Test
    void unknownKeyIsNamedWithTheClosestKnownKey() throws IOException {
        Path f = yaml("kafka:\n  bootstrapp: localhost:9092\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrapp: unknown key")
                .hasMessageContaining("did you mean 'kafka.bootstrap'?");
    }

    @Test
    void malformedDatabaseUrlFailsWithoutEchoingThePassword() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DATABASE_URL", "postgres://bob:hunter22@/"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("postgres.url")
                .hasMessageContaining("expected jdbc:postgresql://host:port/db")
                .hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("postgres.url", "mysql://x/y")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not a Postgres URL");
    }

    @Test
    void missingSqliteFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("sqlite", dir.resolve("nope.db").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sqlite: SQLite file")
                .hasMessageContaining("nope.db does not exist");
    }

    @Test
    void sourceNeedsExactlyOneKindAndUniqueNames() throws IOException {
        Files.createFile(dir.resolve("a.db"));
        assertThatThrownBy(() -> ConfigLoader.load(yaml("sources:\n  - name: a\n    sqlite: a.db\n    json-dir: .\n"),
                Map.of(), Map.of())).hasMessageContaining("exactly one of sqlite");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("sources:\n  - name: a\n    sqlite: a.db\n  - name: a\n    sqlite: a.db\n"),
                Map.of(), Map.of())).hasMessageContaining("two sources are named 'a'");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("sources:\n  - name: A b\n    sqlite: a.db\n"),
                Map.of(), Map.of())).hasMessageContaining("sources[0].name");
    }

    @Test
    void badTypesAndRangesAreReported() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("http:\n  port: lots\n"), Map.of(), Map.of()))
                .hasMessageContaining("http.port: 'lots' is not a valid int");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http.port", "70000")))
                .hasMessageContaining("http.port: must be 0..65535");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("kafka.bootstrap", "host-without-port")))
                .hasMessageContaining("is not host:port");
    }

    @Test
    void captureAndDurationSettingsHaveTypedDefaults() throws IOException {
        CutoverConfig c = ConfigLoader.load(yaml("capture:\n  poll-interval: 50ms\n  switch-to-wal: yes\n"), Map.of(), Map.of());
        assertThat(c.capture().pollInterval()).isEqualTo(java.time.Duration.ofMillis(50));
        assertThat(c.capture().switchToWal()).isTrue();
        assertThat(c.capture().snapshotChunkSize()).isEqualTo(5000);
        assertThat(c.kafka().minCompactionLag()).isEqualTo(java.time.Duration.ofDays(7));
        assertThatThrownBy(() -> ConfigLoader.load(yaml("capture:\n  poll-interval: soon\n"), Map.of(), Map.of()))
                .hasMessageContaining("capture.poll-interval: 'soon' is not a valid duration");
    }
}
