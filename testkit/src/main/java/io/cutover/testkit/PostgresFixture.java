package io.cutover.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A fresh Postgres database for one test class, on a real server. */
public final class PostgresFixture {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String database;

    PostgresFixture(String jdbcUrl, String user, String password, String database) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** {@code jdbc:postgresql://host:port/database}, without credentials. */
    public String jdbcUrl() { return jdbcUrl; }
    /** The user to connect as (a superuser on the throwaway cluster). */
    public String user() { return user; }
    /** The password, or null when the server needs none (the throwaway cluster trusts 127.0.0.1). */
    public String password() { return password; }
    /** This test class's database, {@code t_<class>_<random>}. */
    public String database() { return database; }

    /** {@code postgres://user:password@host:port/db}, the form DATABASE_URL usually takes. */
    public String databaseUrl() {
        String hostPortDb = jdbcUrl.substring("jdbc:postgresql://".length());
        int q = hostPortDb.indexOf('?');
        if (q >= 0) {
            hostPortDb = hostPortDb.substring(0, q);
        }
        return "postgres://" + user + (password == null || password.isEmpty() ? "" : ":" + password) + "@" + hostPortDb;
    }

    /** A new connection to this test class's database; the caller closes it. */
    public Connection connection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, p);
    }
}
