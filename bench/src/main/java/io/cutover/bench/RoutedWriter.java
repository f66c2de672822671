package io.cutover.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * An app that follows {@code GET /v1/routing} before each write, at a steady rate, and retries a write
 * the fenced source rejects. Measures the longest gap between two acknowledged writes.
 */
final class RoutedWriter implements AutoCloseable {
    interface PgConnections {
        Connection get() throws SQLException;
    }

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long longestGapNanos;
    private volatile long acknowledged;
    private volatile long rejected;
    private volatile Throwable failure;

    RoutedWriter(Path sqlite, URI routing, PgConnections postgres, int perSecond) {
        thread = new Thread(() -> {
            HttpClient http = HttpClient.newHttpClient();
            try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Connection pg = postgres.get()) {
                lite.createStatement().execute("PRAGMA busy_timeout = 10000");
                // WAL with synchronous=NORMAL, as apps that write hundreds of times a second run SQLite:
                // with FULL every commit waits for an fsync and this disk allows a few dozen a second.
                lite.createStatement().execute("PRAGMA synchronous = NORMAL");
                long start = System.nanoTime();
                long last = start;
                for (long i = 0; running; ) {
                    String where = http.send(HttpRequest.newBuilder(routing).build(), HttpResponse.BodyHandlers.ofString()).body();
                    boolean toPostgres = where.contains("\"writes\":\"postgres\"");
                    try (PreparedStatement ps = (toPostgres ? pg : lite).prepareStatement(
                            "INSERT INTO " + (toPostgres ? "public." : "") + "events (account_id, body) VALUES (1, ?)")) {
                        ps.setString(1, "write " + i);
                        ps.executeUpdate();
                        long now = System.nanoTime();
                        longestGapNanos = Math.max(longestGapNanos, now - last);
                        last = now;
                        acknowledged++;
                        i++;
                    } catch (SQLException e) {
                        if (toPostgres || !e.getMessage().contains("Cutover")) {
                            throw e;
                        }
                        rejected++;
                    }
                    long wait = start + TimeUnit.SECONDS.toNanos(1) * i / perSecond - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // pacing the load
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }, "routed-writer");
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(30_000);
        if (failure != null) {
            throw new IllegalStateException("the writer failed: " + failure, failure);
        }
    }

    double longestGapMillis() {
        return longestGapNanos / 1e6;
    }

    long acknowledged() {
        return acknowledged;
    }

    long rejected() {
        return rejected;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
