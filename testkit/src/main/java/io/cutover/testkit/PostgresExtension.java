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
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hands tests a {@link PostgresFixture}: a fresh database per test class (dropped when the class is
 * done), on the server of {@code DATABASE_URL} when set, otherwise on one throwaway cluster made with
 * the local {@code initdb}/{@code pg_ctl}, started once per test JVM and removed at the end.
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

    /** The database of the current test class (created on first use, also from a static @BeforeAll). */
    public static PostgresFixture fixture(ExtensionContext c) {
        Server server = c.getRoot().getStore(NS).getOrComputeIfAbsent("server", k -> Server.start(), Server.class);
        // A method's context has its class's as parent: the database belongs to the class, not the method.
        ExtensionContext classCtx = c.getTestMethod().isPresent() && c.getParent().isPresent() ? c.getParent().get() : c;
        Class<?> cls = c.getRequiredTestClass();
        // Keyed by class because store lookups fall through to parents: a @Nested class must not find its outer's.
        return classCtx.getStore(NS).getOrComputeIfAbsent("db:" + cls.getName(),
                k -> server.newDatabase(cls.getSimpleName()), Database.class).fixture;
    }

    private record Server(String host, int port, String user, String password, String params,
                          LocalPostgresCluster cluster, Path dir) implements ExtensionContext.Store.CloseableResource {

        static Server start() {
            String url = System.getenv("DATABASE_URL");
            if (url != null && !url.isBlank()) {
                DatabaseUrl u = DatabaseUrl.parse(url);
                String params = u.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
                return new Server(u.host(), u.port(), u.user(), u.password().orElse(null), params, null, null);
            }
            try {
                Path dir = Files.createTempDirectory("cutover-test-pg-");
                LocalPostgresCluster c = LocalPostgresCluster.at(dir).fsyncOff().settings(Map.of(
                        "max_connections", "200", "wal_level", "logical")).start();
                // The root store closes the cluster when the tests end; this covers a JVM told to exit early.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(c), "stop-test-postgres"));
                return new Server("127.0.0.1", c.port(), c.superuser(), null, "", c, dir);
            } catch (IOException | RuntimeException e) {
                throw new ParameterResolutionException("No Postgres for the tests: " + e.getMessage()
                        + " (to use an existing server: DATABASE_URL=postgres://user:pass@host:port/db)", e);
            }
        }

        String jdbcUrl(String db) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + db + (params.isEmpty() ? "" : "?" + params);
        }

        Connection admin() throws Exception {
            Properties p = new Properties();
            p.setProperty("user", user);
            if (password != null) {
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(jdbcUrl("postgres"), p);
        }

        Database newDatabase(String testClass) {
            String db = ("t_" + testClass + "_" + UUID.randomUUID().toString().substring(0, 8))
                    .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            try (Connection c = admin(); var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + db);
            } catch (Exception e) {
                throw new ParameterResolutionException("could not create test database " + db + " on " + host + ":"
                        + port + " as " + user + " (the user needs CREATEDB): " + e.getMessage(), e);
            }
            return new Database(this, db, new PostgresFixture(jdbcUrl(db), user, password, db));
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

        private static void stopQuietly(LocalPostgresCluster c) {
            try {
                c.stop();
            } catch (IOException | RuntimeException e) {
                System.err.println("could not stop the test Postgres in " + c.dir() + ": " + e.getMessage());
            }
        }
    }

    /** A class's database, dropped when the class is done so a shared DATABASE_URL server stays clean. */
    private record Database(Server server, String name, PostgresFixture fixture)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try (Connection c = server.admin(); var st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (Exception e) {
                // Housekeeping only: the class's tests have already passed or failed on their own.
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }
    }
}
