package io.cutover.core.config;

import java.util.function.Consumer;

/**
 * One configuration key declared as data: everything {@code --help}, the docs and validation need.
 *
 * @param name      dotted name as written in the YAML file, e.g. {@code kafka.bootstrap}
 * @param type      how the value is parsed
 * @param defaultValue the default as text, or null for none
 * @param doc       one sentence for people
 * @param flag      the command-line flag that overrides it, or null
 * @param paramLabel the flag's value placeholder in --help
 * @param secret    never logged or shown; masked in --help and messages
 * @param validator throws {@link IllegalArgumentException} with the fix when the parsed value is bad
 */
public record ConfigKey<T>(String name, ConfigType type, String defaultValue, String doc, String flag,
                           String paramLabel, boolean secret, Consumer<Object> validator) {

    public String defaultText() {
        return defaultValue == null ? "(none)" : defaultValue;
    }

    static Builder key(String name, ConfigType type) {
        return new Builder(name, type);
    }

    /** Fluent declaration, so that {@link CutoverConfigDef} reads as a table. */
    static final class Builder {
        private final String name;
        private final ConfigType type;
        private String def;
        private String doc = "";
        private String flag;
        private String label = "VALUE";
        private boolean secret;
        private Consumer<Object> validator = v -> { };

        Builder(String name, ConfigType type) {
            this.name = name;
            this.type = type;
        }

        Builder def(String d) { this.def = d; return this; }
        Builder doc(String d) { this.doc = d; return this; }
        Builder flag(String f, String paramLabel) { this.flag = f; this.label = paramLabel; return this; }
        Builder secret() { this.secret = true; return this; }
        Builder validate(Consumer<Object> v) { this.validator = v; return this; }

        ConfigKey<Object> build() {
            return new ConfigKey<>(name, type, def, doc, flag, label, secret, validator);
        }
    }
}
