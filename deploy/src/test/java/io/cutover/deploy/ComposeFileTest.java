package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/compose: the Compose tool accepts it, and it wires what docs/DEPLOY.md says. */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("compose/docker-compose.yml");
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> ENV = Map.of("POSTGRES_PASSWORD", "pw", "GRAFANA_ADMIN_PASSWORD", "pw",
            "APP_DATA_DIR", "/srv/app/data");

    private static JsonNode model() throws Exception {
        HostCommand.Result r = ComposeCli.config(COMPOSE, ENV);
        assertThat(r.exit()).as(r.output()).isZero();
        return new ObjectMapper(new YAMLFactory()).readTree(r.output());
    }

    @Test
    void composeFileIsValidAndRunsEveryComponentWithKraftPrometheusAndGrafana() throws Exception {
        JsonNode s = model().get("services");
        assertThat(s.fieldNames()).toIterable().containsExactlyInAnyOrder(
                "kafka", "postgres", "capture", "applier", "reconciler", "prometheus", "grafana");
        assertThat(s.get("kafka").get("image").asText()).startsWith("apache/kafka:");
        assertThat(s.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        Map<String, String> commands = Map.of("capture", "capture", "applier", "apply", "reconciler", "reconcile");
        for (var e : commands.entrySet()) {
            JsonNode c = s.get(e.getKey());
            assertThat(c.get("command").get(0).asText()).isEqualTo(e.getValue());
            assertThat(c.get("image").asText()).isEqualTo("cutover:" + projectVersion());
            assertThat(c.get("environment").get("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:19092");
            assertThat(c.get("environment").get("DATABASE_URL").asText()).startsWith("postgres://cutover:pw@postgres:5432/");
            assertThat(c.get("volumes").toString()).contains("/etc/cutover/cutover.yml");
        }
        assertThat(s.get("capture").get("volumes").toString()).contains("/srv/app/data");
    }

    @Test
    void everyMountedFileOfTheRepositoryExists() throws Exception {
        // A moved dashboard or rule file would start Grafana or Prometheus without it, silently.
        int mounted = 0;
        for (JsonNode svc : model().get("services")) {
            for (JsonNode v : svc.path("volumes")) {
                String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
                if (source.startsWith(REPO.toString())) {
                    assertThat(Path.of(source)).as(svc.toString()).exists();
                    mounted++;
                }
            }
        }
        assertThat(mounted).as("cutover.yml (3x), prometheus.yml, rules, provisioning, dashboard").isEqualTo(7);
    }

    @Test
    void aBrokenComposeFileIsRejected(@TempDir Path dir) throws Exception {
        // ports must be a list: the schema check, not only the YAML parser, has to catch it.
        String broken = Files.readString(COMPOSE).replace("ports: [\"127.0.0.1:9402:9400\"]", "ports: {applier: 9400}");
        assertThat(broken).contains("ports: {applier: 9400}");
        Path f = dir.resolve("docker-compose.yml");
        Files.writeString(f, broken);
        HostCommand.Result r = ComposeCli.config(f, ENV);
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("ports");
    }

    @Test
    void aMissingPasswordStopsComposeInsteadOfStartingWithAnEmptyOne() throws Exception {
        HostCommand.Result r = ComposeCli.config(COMPOSE, Map.of("GRAFANA_ADMIN_PASSWORD", "pw", "POSTGRES_PASSWORD", ""));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("POSTGRES_PASSWORD");
    }

    @Test
    void prometheusConfigOfTheComposeSetupPassesPromtool(@TempDir Path dir) throws Exception {
        // Prometheus sees the rules next to its configuration (both mounted into /etc/prometheus).
        Files.copy(Path.of("compose/prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.copy(Path.of("../monitoring/prometheus/cutover-rules.yml"), dir.resolve("cutover-rules.yml"));
        HostCommand.Result r = HostCommand.run(Duration.ofMinutes(1), null, dir,
                List.of("promtool", "check", "config", "prometheus.yml"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    private static String projectVersion() {
        return System.getProperty("cutover.version");
    }
}
