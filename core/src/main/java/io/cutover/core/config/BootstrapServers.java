package io.cutover.core.config;

/** Validation of {@code kafka.bootstrap}. */
final class BootstrapServers {
    static final String EMBEDDED = "embedded";

    private BootstrapServers() {
    }

    static void validate(String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("is empty: set it to host:port[,host:port] or to 'embedded'");
        }
        if (v.trim().equals(EMBEDDED)) {
            return;
        }
        for (String part : v.split(",")) {
            String p = part.trim();
            int colon = p.lastIndexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new IllegalArgumentException("'" + p + "' is not host:port: write e.g. broker1:9092,broker2:9092,"
                        + " or 'embedded'");
            }
            try {
                int port = Integer.parseInt(p.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' has no valid port (1..65535)");
            }
        }
    }
}
