package io.cutover.core.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Masks secrets in any text before it is logged or printed: every value registered here (passwords
 * from configuration), the password part of {@code scheme://user:password@host} URLs, and
 * {@code password=...}-style pairs.
 */
public final class Secrets {
    public static final String MASK = "****";
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)([^@\\s/]+)(@)");
    private static final Pattern PAIR = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|sasl\\.jaas\\.config)\\s*[=:]\\s*)(\"[^\"]*\"|[^&\\s,;]+)");

    private Secrets() {
    }

    /** Remembers a secret so that it is masked wherever it appears. Short values are ignored. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 3) {
            KNOWN.add(secret);
        }
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : KNOWN) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return PAIR.matcher(maskUrl(out)).replaceAll("$1" + MASK);
    }

    /** Masks only a URL's password part; for messages about a URL that did not parse. */
    public static String maskUrl(String text) {
        return URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "$3");
    }
}
