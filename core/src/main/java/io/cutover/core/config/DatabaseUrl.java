package io.cutover.core.config;

import io.cutover.core.log.Secrets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Postgres address in any of the forms people paste: {@code jdbc:postgresql://host:port/db?user=..},
 * {@code postgres://user:pass@host:port/db?sslmode=require} (Heroku, Railway, libpq), or {@code local}.
 * The password is kept apart, registered with {@link Secrets}, and never part of {@link #toString()}.
 */
public final class DatabaseUrl {
    public static final String LOCAL = "local";
    private static final String FORMS = "expected jdbc:postgresql://host:port/db, "
            + "postgres://user:password@host:port/db or 'local'";
    private static final Pattern URL = Pattern.compile(
            "(?:jdbc:postgresql|postgres|postgresql)://(?:([^:@/]*)(?::([^@/]*))?@)?(\\[[^]]+]|[^:/?]+)?(?::(\\d+))?"
                    + "(?:/([^?]*))?(?:\\?(.*))?");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> params;

    private DatabaseUrl(String host, int port, String database, String user, String password, Map<String, String> params) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.params = Map.copyOf(params);
        if (password != null) {
            Secrets.register(password);
        }
    }

    /** The same database as another user/password, e.g. for a local cluster's superuser. */
    public static DatabaseUrl of(String host, int port, String database, String user, String password) {
        return new DatabaseUrl(host, port, database, user, password, Map.of());
    }

    public static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ConfigException(CutoverConfigDef.POSTGRES_URL, "is not set: set DATABASE_URL, pass --postgres URL, "
                    + "or use --postgres local for a cluster under the state directory");
        }
        String s = raw.trim();
        if (s.equals(LOCAL)) {
            return new DatabaseUrl(null, 0, null, null, null, Map.of());
        }
        Matcher m = URL.matcher(s);
        if (!m.matches() || m.group(3) == null || m.group(3).isEmpty()) {
            throw new ConfigException(CutoverConfigDef.POSTGRES_URL, "'" + Secrets.maskUrl(s) + "' is not a Postgres URL: "
                    + FORMS);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(6) != null) {
            for (String kv : m.group(6).split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    params.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
                }
            }
        }
        String user = m.group(1) != null && !m.group(1).isEmpty() ? decode(m.group(1)) : params.remove("user");
        String password = m.group(2) != null ? decode(m.group(2)) : params.remove("password");
        params.remove("user");
        params.remove("password");
        String db = m.group(5) == null || m.group(5).isEmpty() ? "postgres" : decode(m.group(5));
        int port = m.group(4) == null ? 5432 : Integer.parseInt(m.group(4));
        if (port < 1 || port > 65535) {
            throw new ConfigException(CutoverConfigDef.POSTGRES_URL, "port " + port + " is out of range: " + FORMS);
        }
        return new DatabaseUrl(m.group(3), port, db, user, password, params);
    }

    public boolean isLocal() {
        return host == null;
    }

    public String host() { return host; }
    public int port() { return port; }
    public String database() { return database; }
    public String user() { return user; }
    public Optional<String> password() { return Optional.ofNullable(password); }
    public Map<String, String> params() { return params; }

    /** The JDBC URL without user or password (those go in {@link #driverProperties()}). */
    public String jdbcUrl() {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(database);
        String sep = "?";
        for (var e : params.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return sb.toString();
    }

    public Properties driverProperties() {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return p;
    }

    @Override
    public String toString() {
        if (isLocal()) {
            return LOCAL;
        }
        return "postgres://" + (user == null ? "" : user + (password == null ? "" : ":****") + "@")
                + host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
