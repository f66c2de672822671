package io.cutover.core.config;

/**
 * Bad configuration: names the key, says what is wrong and how to fix it. The CLI exits with code 2.
 * Messages never carry a secret's value.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String message) {
        super(key == null ? message : key + ": " + message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(key == null ? message : key + ": " + message, cause);
        this.key = key;
    }

    /** The configuration key at fault, or null when the fault is not one key's. */
    public String key() {
        return key;
    }
}
