package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns nested YAML mappings into declared dotted keys ({@code kafka: {bootstrap: x}} and
 * {@code kafka.bootstrap: x} are the same), and rejects what is not declared, suggesting the closest
 * declared key, because a misspelt key silently ignored is a migration gone wrong.
 */
final class KeyFlattener {
    private KeyFlattener() {
    }

    static void flatten(ObjectNode node, List<ConfigKey<Object>> declared, String where, Map<String, JsonNode> out) {
        flatten(node, declared, "", where, out);
    }

    private static void flatten(ObjectNode node, List<ConfigKey<Object>> declared, String prefix, String where,
                                Map<String, JsonNode> out) {
        node.fields().forEachRemaining(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            boolean isKey = declared.stream().anyMatch(k -> k.name().equals(path) && !flagOnly(k, declared));
            boolean isParent = declared.stream().anyMatch(k -> k.name().startsWith(path + "."));
            if (isKey) {
                out.put(path, e.getValue());
            } else if (isParent && e.getValue() instanceof ObjectNode child) {
                flatten(child, declared, path, where, out);
            } else {
                throw new ConfigException(where + path, "unknown key" + suggestion(path, declared)
                        + " (every key is listed in docs/CONFIGURATION.md)");
            }
        });
    }

    /** The --sqlite and --json-dir shortcuts exist only as flags; in a file, sources are listed. */
    private static boolean flagOnly(ConfigKey<Object> k, List<ConfigKey<Object>> declared) {
        return declared == CutoverConfigDef.keys() && isShortcut(k);
    }

    private static boolean isShortcut(ConfigKey<Object> k) {
        return k.name().equals(CutoverConfigDef.SQLITE_SHORTCUT) || k.name().equals(CutoverConfigDef.JSON_DIR_SHORTCUT);
    }

    private static String suggestion(String path, List<ConfigKey<Object>> declared) {
        return declared.stream().filter(k -> !flagOnly(k, declared)).map(ConfigKey::name)
                .min(Comparator.comparingInt(n -> distance(n, path)))
                .filter(n -> distance(n, path) <= Math.max(3, path.length() / 3))
                .map(n -> ": did you mean '" + n + "'?").orElse("");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }
}
