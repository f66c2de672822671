package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every string of the file. A value that is
 * only a reference to an unset variable counts as not written at all (so {@code url: ${DATABASE_URL}}
 * without DATABASE_URL falls back to the default or to the "not set" error); an unset variable inside
 * a longer string is an error naming the variable.
 */
final class EnvInterpolator {
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private final Map<String, String> env;

    EnvInterpolator(Map<String, String> env) {
        this.env = env;
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
        if (m.matches() && env.get(m.group(1)) == null && m.group(2) == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                v = m.group(2);
            }
            if (v == null) {
                throw new ConfigException(path, "refers to ${" + m.group(1) + "}, which is not set: set the "
                        + "environment variable or write ${" + m.group(1) + ":-default}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }
}
