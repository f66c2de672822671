package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Offline schema check of Kubernetes manifests with the official Kubernetes Java client's models, which are
 * generated from the API server's OpenAPI document: a field the API does not define, a missing required
 * field or a value of the wrong type is rejected, as {@code kubectl apply --validate=strict} would.
 */
final class KubernetesSchema {
    /** The kinds the deploy manifests use; any other kind is an error, not a silent pass. */
    private static final Map<String, Parser> KINDS = Map.of(
            "apps/v1/Deployment", V1Deployment::fromJson,
            "v1/Service", V1Service::fromJson,
            "v1/ConfigMap", V1ConfigMap::fromJson,
            "v1/Secret", V1Secret::fromJson,
            "v1/PersistentVolumeClaim", V1PersistentVolumeClaim::fromJson);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    static {
        new JSON(); // sets up the Gson instance the models' fromJson use
    }

    private interface Parser {
        Object parse(String json) throws IOException;
    }

    private KubernetesSchema() {
    }

    /** Every document of a multi-document YAML file. */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isEmpty()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    /** Validates one document; throws with the API's field name when it does not conform. */
    static void validate(JsonNode doc) throws IOException {
        String kind = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Parser parser = KINDS.get(kind);
        if (parser == null) {
            throw new IllegalArgumentException("no schema for " + kind + " (known: " + KINDS.keySet() + ")");
        }
        try {
            parser.parse(JSON_MAPPER.writeValueAsString(doc));
        } catch (RuntimeException e) {
            // Gson reports type mismatches as JsonSyntaxException / NumberFormatException.
            throw new IllegalArgumentException(kind + " " + doc.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
        }
    }
}
