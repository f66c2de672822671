package io.cutover.cli.demo;

import io.cutover.core.config.DatabaseUrl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per table, "count:digest" of its primary keys in key order, read the same way on both sides: the
 * demo's evidence that every row arrived and no row is extra. Comparing every value across the type
 * mapping is the reconciler's job.
 */
final class TableDigest {
    private static final Map<String, String> KEYS = Map.of("users", "id", "sessions", "token",
            "journal_entries", "id", "avatars", "user_id");

    private TableDigest() {
    }

    static Map<String, String> sqlite(DemoApp app) throws Exception {
        try (Connection c = app.connect()) {
            return digests(c, "");
        }
    }

    static Map<String, String> postgres(DatabaseUrl pg, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.driverProperties())) {
            return digests(c, "\"" + schema.replace("\"", "\"\"") + "\".");
        }
    }

    /** The demo's JSON tables in Postgres, keys sorted in Java (collations differ between databases). */
    static Map<String, String> postgresFiles(DatabaseUrl pg, String schema) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.driverProperties())) {
            for (var t : DemoFiles.TABLES.entrySet()) {
                java.util.List<String> keys = new java.util.ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT " + t.getValue() + " FROM \""
                        + schema.replace("\"", "\"\"") + "\"." + t.getKey())) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                } catch (SQLException e) {
                    out.put(t.getKey(), "0:not created yet");
                    continue;
                }
                out.put(t.getKey(), digest(keys));
            }
        }
        return out;
    }

    /** The demo's JSON tables as the files hold them. */
    static Map<String, String> files(DemoFiles files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.keys().forEach((t, keys) -> out.put(t, digest(new java.util.ArrayList<>(keys))));
        return out;
    }

    private static String digest(java.util.List<String> keys) throws RuntimeException {
        keys.sort(null);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String k : keys) {
                md.update(k.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return keys.size() + ":" + HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String count(String digest) {
        return digest == null ? "0" : digest.substring(0, digest.indexOf(':'));
    }

    private static Map<String, String> digests(Connection c, String qualifier) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : DemoApp.TABLES) {
            String k = KEYS.get(t);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long n = 0;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT " + k + " FROM " + qualifier + t + " ORDER BY " + k)) {
                while (rs.next()) {
                    md.update(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    n++;
                }
            } catch (SQLException e) {
                out.put(t, "0:not created yet");
                continue;
            }
            out.put(t, n + ":" + HexFormat.of().formatHex(md.digest()));
        }
        return out;
    }
}
