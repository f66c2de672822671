package io.cutover.testkit;

import io.cutover.core.config.DatabaseUrl;
import io.cutover.core.local.LocalPostgresCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Hands tests a {@link PostgresFixture}: a fresh database per test class, on the server of
 * {@code DATABASE_URL} when set, otherwise on one throwaway cluster made with the local
 * {@code initdb}/{@code pg_ctl}, started once per test JVM and removed at the end.
 */
public final class PostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == PostgresFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return fixture(c);
    }

    /** The database of the current test class (created on first use). */
    public static PostgresFixture fixture(ExtensionContext c) {
        Server server = c.getRoot().getStore(NS).getOrComputeIfAbsent("server", k -> Server.start(), Server.class);
        ExtensionContext classCtx = c.getTestClass().isPresent() && c.getParent().isPresent()
                && c.getTestMethod().isPresent() ? c.getParent().get() : c;
        String cls = c.getRequiredTestClass().getSimpleName();
        return classCtx.getStore(NS).getOrComputeIfAbsent("db:" + cls, k -> server.newDatabase(cls), PostgresFixture.class);
    }

    private record Server(String host, int port, String user, String password, LocalPostgresCluster cluster, Path dir)
            implements ExtensionContext.Store.CloseableResource {

        static Server start() {
            String url = System.getenv("DATABASE_URL");
            if (url != null && !url.isBlank()) {
                DatabaseUrl u = DatabaseUrl.parse(url);
                return new Server(u.host(), u.port(), u.user(), u.password().orElse(null), null, null);
            }
            try {
                Path dir = Files.createTempDirectory("cutover-test-pg-");
                LocalPostgresCluster c = LocalPostgresCluster.at(dir).setting("fsync", "off")
                        .setting("synchronous_commit", "off").setting("full_page_writes", "off")
                        .setting("max_connections", "200").setting("wal_level", "logical").start();
                return new Server("127.0.0.1", c.port(), LocalPostgresCluster.SUPERUSER, null, c, dir);
            } catch (IOException | RuntimeException e) {
                throw new ParameterResolutionException("no Postgres for the tests: " + e.getMessage()
                        + " (or set DATABASE_URL=postgres://user:pass@host:port/db to use an existing server)", e);
            }
        }

        PostgresFixture newDatabase(String testClass) {
            String db = ("t_" + testClass + "_" + UUID.randomUUID().toString().substring(0, 8))
                    .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            Properties p = new Properties();
            p.setProperty("user", user);
            if (password != null) {
                p.setProperty("password", password);
            }
            String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
            try (Connection c = DriverManager.getConnection(admin, p); var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + db);
            } catch (Exception e) {
                throw new ParameterResolutionException("could not create test database " + db + " on " + host + ":"
                        + port + ": " + e.getMessage(), e);
            }
            return new PostgresFixture("jdbc:postgresql://" + host + ":" + port + "/" + db, user, password, db);
        }

        @Override
        public void close() throws Exception {
            if (cluster != null) {
                cluster.stop();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
