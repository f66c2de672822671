package io.cutover.core.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Topic names: {@code <prefix>.<source>.<table>}. Kafka allows only {@code [A-Za-z0-9._-]}, so a
 * table name with other characters (spaces, quotes, Unicode) is sanitised and suffixed with a short
 * hash of the real name, which keeps two such tables apart; the real name travels in the events.
 */
public final class TopicNames {
    private static final Pattern ILLEGAL = Pattern.compile("[^A-Za-z0-9_-]");

    private TopicNames() {
    }

    public static String forTable(String prefix, String source, String table) {
        String safe = ILLEGAL.matcher(table).replaceAll("_");
        if (!safe.equals(table) || safe.isEmpty()) {
            safe = safe + "-" + shortHash(table);
        }
        String topic = prefix + "." + source + "." + safe;
        return topic.length() <= 249 ? topic : topic.substring(0, 240) + "-" + shortHash(table);
    }

    public static String deadLetter(String prefix) {
        return prefix + ".dlq";
    }

    /** Every change topic of the prefix: three dot-separated parts, never the DLQ or reverse topics. */
    public static Pattern changeTopics(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "\\.(?!reverse\\.)[a-z0-9_]+\\.[A-Za-z0-9_-]+");
    }

    static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
