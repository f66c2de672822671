package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.log.Secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts one declared key's raw value to its type and runs its validator. */
final class TypedValues {
    private TypedValues() {
    }

    /** The typed value, the declared default when absent, or null when neither. */
    static Object scalar(ConfigKey<Object> k, JsonNode raw, String where) {
        String text;
        if (raw == null || raw.isMissingNode()) {
            if (k.defaultValue() == null) {
                return null;
            }
            text = k.defaultValue();
        } else if (raw.isNull()) {
            text = "";
        } else if (raw.isArray() && k.type() == ConfigType.LIST) {
            List<String> items = new ArrayList<>();
            raw.forEach(i -> items.add(i.asText()));
            return validate(k, items, where);
        } else if (raw.isValueNode()) {
            text = raw.asText();
        } else {
            throw new ConfigException(where, "expected a single value of type " + k.type().name().toLowerCase()
                    + ", found a " + (raw.isArray() ? "list" : "mapping"));
        }
        Object parsed;
        try {
            parsed = k.type() == ConfigType.STRING || text.isEmpty() && k.type() != ConfigType.INT
                    ? text : k.type().parse(text);
        } catch (IllegalArgumentException e) {
            String shown = k.secret() ? Secrets.MASK : Secrets.mask(text);
            throw new ConfigException(where, "'" + shown + "' is not a valid " + k.type().name().toLowerCase()
                    + (e.getMessage() == null || e instanceof NumberFormatException ? "" : " (" + e.getMessage() + ")"));
        }
        return validate(k, parsed, where);
    }

    private static Object validate(ConfigKey<Object> k, Object v, String where) {
        try {
            k.validator().accept(v);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, e.getMessage());
        }
        return v;
    }

    /** A nested mapping flattened to dotted keys, e.g. kafka.properties. */
    static Map<String, String> stringMap(JsonNode raw, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isNull() || raw.isMissingNode()) {
            return out;
        }
        if (!raw.isObject()) {
            throw new ConfigException(where, "expected a mapping of name: value");
        }
        flatten(raw, "", out);
        return out;
    }

    private static void flatten(JsonNode n, String prefix, Map<String, String> out) {
        n.fields().forEachRemaining(e -> {
            String k = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(e.getValue(), k, out);
            } else {
                out.put(k, e.getValue().asText());
            }
        });
    }
}
