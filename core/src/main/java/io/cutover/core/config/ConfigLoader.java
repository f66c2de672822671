package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cutover.core.log.Secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link CutoverConfig} from, in increasing precedence: declared defaults, the environment's
 * {@code DATABASE_URL} and {@code KAFKA_BOOTSTRAP_SERVERS}, the YAML file (with {@code ${ENV}} and
 * {@code ${file:PATH}} interpolation), and command-line flags. Everything is validated before anything starts.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /**
     * @param file  the YAML file, or null for flags and environment only
     * @param env   the environment (System.getenv() outside tests)
     * @param flags overrides from the command line, by key name
     */
    public static CutoverConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
        JsonNode root = file == null ? YAML.createObjectNode() : read(file);
        if (!root.isObject()) {
            throw new ConfigException(null, file + " must hold a YAML mapping (key: value lines)");
        }
        Path base = file == null ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
        root = new EnvInterpolator(env, base).interpolate(root, "");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        KeyFlattener.flatten((ObjectNode) root, CutoverConfigDef.keys(), "", values);
        envDefault(values, CutoverConfigDef.POSTGRES_URL, env.get("DATABASE_URL"));
        envDefault(values, CutoverConfigDef.KAFKA_BOOTSTRAP, env.get("KAFKA_BOOTSTRAP_SERVERS"));
        flags.forEach((k, v) -> values.put(k, TextNode.valueOf(v)));
        return new ConfigAssembler(values, base).assemble();
    }

    private static void envDefault(Map<String, JsonNode> values, String key, String envValue) {
        if (!values.containsKey(key) && envValue != null && !envValue.isBlank()) {
            values.put(key, TextNode.valueOf(envValue));
        }
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(null, "configuration file " + file.toAbsolutePath()
                    + " does not exist: pass -c FILE with an existing file, or omit -c");
        }
        try {
            JsonNode n = YAML.readTree(file.toFile());
            return n == null ? YAML.createObjectNode() : n;
        } catch (IOException e) {
            throw new ConfigException(null, "cannot read " + file + ": " + Secrets.mask(e.getMessage()));
        }
    }
}
