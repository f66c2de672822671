package io.cutover.reverse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An app following docs/ROUTING.md in both directions: before each write it reads where writes go;
 * {@code frozen} means wait and ask again; a write refused with a message naming Cutover (the SQLite
 * fence, or the Postgres fence of a rollback) is retried after asking again. It records every write
 * it saw acknowledged, so a test can check that each exists exactly once.
 */
final class RoutingAppWriter implements AutoCloseable {
    final List<String> acknowledged = new CopyOnWriteArrayList<>();
    final AtomicInteger onPostgres = new AtomicInteger();
    final AtomicInteger onSqlite = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Throwable failure;

    RoutingAppWriter(Path sqlite, URI routing, Supplier<Connection> postgres, int perSecond) {
        thread = new Thread(() -> {
            HttpClient http = HttpClient.newHttpClient();
            try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Connection pg = postgres.get()) {
                try (Statement st = lite.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 10000");
                }
                long start = System.nanoTime();
                for (int i = 0, tick = 0; running.get(); tick++) {
                    String body = "write-" + i;
                    String where = http.send(HttpRequest.newBuilder(routing).build(), HttpResponse.BodyHandlers.ofString())
                            .body();
                    if (!where.contains("\"writes\":\"frozen\"")) {
                        boolean toPostgres = where.contains("\"writes\":\"postgres\"");
                        try {
                            insert(toPostgres ? pg : lite, body);
                            acknowledged.add(body);
                            (toPostgres ? onPostgres : onSqlite).incrementAndGet();
                            i++;
                        } catch (SQLException e) {
                            if (e.getMessage() == null || !e.getMessage().contains("Cutover")) {
                                throw e;
                            }
                            refused.incrementAndGet(); // fenced: ask the routing again and retry this write
                        }
                    }
                    long wait = start + TimeUnit.SECONDS.toNanos(1) * tick / perSecond - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not synchronisation
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }, "routing-app-writer");
        thread.start();
    }

    private static void insert(Connection c, String body) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (account_id, body) VALUES (1, ?)")) {
            ps.setString(1, body);
            ps.executeUpdate();
        }
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
