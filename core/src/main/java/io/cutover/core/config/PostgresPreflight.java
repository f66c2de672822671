package io.cutover.core.config;

import io.cutover.core.log.Secrets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Checks that Postgres answers before anything starts, so that a wrong URL fails in a second with a
 * clear message instead of as a retry loop deep inside the applier.
 */
public final class PostgresPreflight {
    private PostgresPreflight() {
    }

    public static void check(DatabaseUrl url, Duration timeout) {
        Properties p = url.driverProperties();
        p.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), p)) {
            c.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            throw new ConfigException(CutoverConfigDef.POSTGRES_URL, "cannot connect to " + url + ": "
                    + Secrets.mask(e.getMessage()) + ". " + hint(url, e), null);
        }
    }

    /** What to check; for a TLS failure, the sslmode the URL asked for, which is what to change. */
    static String hint(DatabaseUrl url, SQLException e) {
        String sslmode = url.params().get("sslmode");
        String m = String.valueOf(e.getMessage());
        if (m.contains("SSL") || m.contains("certificate") || m.contains("PKIX")) {
            return "The URL asks for sslmode=" + (sslmode == null ? "prefer (the driver's default)" : sslmode)
                    + ": the server must accept TLS with a certificate the client trusts (sslrootcert=...), or "
                    + "change sslmode in postgres.url (disable, prefer, require, verify-ca, verify-full).";
        }
        return "Check that the server is running and reachable, and the user, password and database name; "
                + "or use --postgres local.";
    }
}
