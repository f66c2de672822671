package io.cutover.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** The types a configuration value can have, each with its parser from text. */
public enum ConfigType {
    STRING(s -> s),
    INT(s -> Integer.valueOf(s.trim())),
    BOOLEAN(s -> switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "on" -> Boolean.TRUE;
        case "false", "no", "off" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("not a boolean");
    }),
    PATH(s -> Path.of(s)),
    /** ISO-8601 ({@code PT5S}) or a number with a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    DURATION(ConfigType::duration),
    /** A comma-separated list, or a YAML sequence. */
    LIST(s -> java.util.Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList()),
    /** A nested mapping (YAML only), e.g. kafka.properties. */
    MAP(s -> {
        throw new IllegalArgumentException("a mapping is only accepted in the file");
    });

    private final Function<String, Object> parser;

    ConfigType(Function<String, Object> parser) {
        this.parser = parser;
    }

    public Object parse(String text) {
        return parser.apply(text);
    }

    private static Duration duration(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a duration (e.g. 500ms, 5s, 2m, PT1H)");
        }
    }
}
