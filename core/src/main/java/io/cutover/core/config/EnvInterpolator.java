package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.cutover.core.log.Secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${file:PATH}} in every string of the file.
 * A value that is only a reference to an unset variable counts as not written at all (so
 * {@code url: ${DATABASE_URL}} without DATABASE_URL falls back to the default or to the "not set"
 * error); an unset variable inside a longer string is an error naming the variable. {@code ${file:PATH}}
 * is the contents of a secret file (Docker and Kubernetes secrets, {@code /run/secrets/...}; relative
 * paths from the configuration file's directory) without its trailing line break, and is masked
 * wherever it would be logged; a missing or unreadable file is an error naming the key and the file.
 */
final class EnvInterpolator {
    private static final Pattern REF = Pattern.compile(
            "\\$\\{(?:file:([^}]+)|([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?)}");
    private final Map<String, String> env;
    private final Path base;

    EnvInterpolator(Map<String, String> env, Path base) {
        this.env = env;
        this.base = base;
    }

    JsonNode interpolate(JsonNode n, String path) {
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode v = interpolate(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                if (v == null) {
                    it.remove();
                } else {
                    e.setValue(v);
                }
            }
            return o;
        }
        if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = interpolate(a.get(i), path + "[" + i + "]");
                a.set(i, v == null ? a.nullNode() : v);
            }
            return a;
        }
        return n.isTextual() ? text(n.textValue(), path) : n;
    }

    private JsonNode text(String s, String path) {
        Matcher m = REF.matcher(s);
        if (m.matches() && m.group(1) == null && env.get(m.group(2)) == null && m.group(3) == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            String v = m.group(1) != null ? secretFile(m.group(1).trim(), path) : env.get(m.group(2));
            if (v == null) {
                v = m.group(3);
            }
            if (v == null) {
                throw new ConfigException(path, "refers to ${" + m.group(2) + "}, which is not set: set the "
                        + "environment variable or write ${" + m.group(2) + ":-default}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private String secretFile(String file, String path) {
        Path p = base.resolve(file);
        try {
            String v = Files.readString(p, StandardCharsets.UTF_8).replaceFirst("\\r?\\n\\z", "");
            Secrets.register(v);
            return v;
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(path, "refers to ${file:" + file + "}, which cannot be read (" + p.toAbsolutePath()
                    + ": " + e.getClass().getSimpleName() + "): check the path and that Cutover's user may read it");
        }
    }
}
