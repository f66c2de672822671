package io.cutover.reverse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Postgres half of an app following docs/ROUTING.md (the JSON half is a Node.js script): it writes
 * orders to Postgres only while routing says {@code writes: "postgres"}; a write refused by the
 * rollback's fence (a message naming Cutover) is retried after asking again. Every acknowledged order
 * id is recorded.
 */
final class RoutingPostgresWriter implements AutoCloseable {
    final List<Long> acknowledged = new CopyOnWriteArrayList<>();
    final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Throwable failure;

    RoutingPostgresWriter(URI routing, Supplier<Connection> postgres, String schema, long firstId, int perSecond) {
        thread = new Thread(() -> {
            HttpClient http = HttpClient.newHttpClient();
            try (Connection pg = postgres.get(); PreparedStatement ps = pg.prepareStatement("INSERT INTO " + schema
                    + ".orders (id, item, qty, paid, price, meta) VALUES (?, ?, ?, true, 2.5, '{\"by\": \"pg\"}')")) {
                long start = System.nanoTime();
                long id = firstId;
                for (int tick = 0; running.get(); tick++) {
                    String where = http.send(HttpRequest.newBuilder(routing).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (where.contains("\"writes\":\"postgres\"")) {
                        try {
                            ps.setLong(1, id);
                            ps.setString(2, "pg-" + id);
                            ps.setLong(3, id % 5);
                            ps.executeUpdate();
                            acknowledged.add(id++);
                        } catch (SQLException e) {
                            if (e.getMessage() == null || !e.getMessage().contains("Cutover")) {
                                throw e;
                            }
                            refused.incrementAndGet(); // fenced by the rollback: ask again, retry this write
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
        }, "routing-postgres-writer");
        thread.start();
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
