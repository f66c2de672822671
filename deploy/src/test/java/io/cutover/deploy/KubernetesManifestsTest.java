package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** deploy/k8s: schema-valid against the Kubernetes API, and wired as docs/DEPLOY.md says. */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("k8s");

    static List<JsonNode> all() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                docs.addAll(KubernetesSchema.documents(f));
            }
        }
        return docs;
    }

    private static Map<String, JsonNode> byKindAndName() throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode d : all()) {
            m.put(d.get("kind").asText() + "/" + d.get("metadata").get("name").asText(), d);
        }
        return m;
    }

    @Test
    void everyManifestConformsToTheKubernetesApiSchema() throws Exception {
        List<JsonNode> docs = all();
        assertThat(docs).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode d : docs) {
            KubernetesSchema.validate(d);
        }
    }

    @Test
    void aMisspeltFieldIsRejected(@TempDir Path dir) throws Exception {
        String capture = Files.readString(DIR.resolve("applier.yaml")).replace("httpGet: { path: /readyz", "httpGet: { paht: /readyz");
        assertThat(capture).contains("paht");
        JsonNode deployment = KubernetesSchema.documents(write(dir, capture)).get(0);
        assertThatThrownBy(() -> KubernetesSchema.validate(deployment)).hasMessageContaining("paht");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected(@TempDir Path dir) throws Exception {
        String applier = Files.readString(DIR.resolve("applier.yaml")).replace("replicas: 1", "replicas: one");
        JsonNode deployment = KubernetesSchema.documents(write(dir, applier)).get(0);
        assertThatThrownBy(() -> KubernetesSchema.validate(deployment)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingRequiredFieldIsRejected(@TempDir Path dir) throws Exception {
        String applier = Files.readString(DIR.resolve("applier.yaml")).replace("- name: applier\n", "- imagePullPolicy: Always\n");
        JsonNode deployment = KubernetesSchema.documents(write(dir, applier)).get(0);
        assertThatThrownBy(() -> KubernetesSchema.validate(deployment)).hasMessageContaining("name");
    }

    @Test
    void oneDeploymentPerComponentWithProbesConfigMapSecretAndService() throws Exception {
        Map<String, JsonNode> m = byKindAndName();
        Map<String, String> commands = Map.of("capture", "capture", "applier", "apply", "reconciler", "reconcile");
        for (var e : commands.entrySet()) {
            JsonNode d = m.get("Deployment/cutover-" + e.getKey());
            assertThat(d).as(e.getKey()).isNotNull();
            JsonNode pod = d.get("spec").get("template");
            assertThat(pod.get("metadata").get("annotations").get("prometheus.io/scrape").asText()).isEqualTo("true");
            JsonNode c = container(pod.get("spec"), e.getKey());
            assertThat(c.get("args").get(0).asText()).isEqualTo(e.getValue());
            assertThat(c.get("livenessProbe").get("httpGet").get("path").asText()).isEqualTo("/livez");
            assertThat(c.get("readinessProbe").get("httpGet").get("path").asText()).isEqualTo("/readyz");
            assertThat(c.get("ports").get(0).get("containerPort").asInt()).isEqualTo(9400);
            assertThat(c.get("env").findValuesAsText("name")).contains("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS");
            assertThat(c.toString()).contains("\"secretKeyRef\":{\"name\":\"cutover-secrets\"");
            assertThat(pod.get("spec").get("volumes").toString()).contains("\"configMap\":{\"name\":\"cutover-config\"");
            JsonNode svc = m.get("Service/cutover-" + e.getKey());
            assertThat(svc.get("spec").get("selector")).isEqualTo(d.get("spec").get("selector").get("matchLabels"));
        }
    }

    @Test
    void captureRunsAsASidecarSharingTheApplicationsDataVolume() throws Exception {
        JsonNode pod = byKindAndName().get("Deployment/cutover-capture").get("spec").get("template").get("spec");
        assertThat(pod.get("containers")).hasSize(2);
        for (JsonNode c : pod.get("containers")) {
            assertThat(c.get("volumeMounts").toString()).contains("\"name\":\"app-data\",\"mountPath\":\"/data\"");
        }
    }

    @Test
    void theConfigMapCarriesTheSameConfigurationAsComposeMounts() throws Exception {
        JsonNode cm = byKindAndName().get("ConfigMap/cutover-config");
        assertThat(cm.get("data").get("cutover.yml").asText()).isEqualTo(Files.readString(Path.of("config/cutover.yml")));
    }

    private static JsonNode container(JsonNode podSpec, String name) {
        for (JsonNode c : podSpec.get("containers")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + podSpec);
    }

    private static Path write(Path dir, String text) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, text);
        return f;
    }
}
