package io.cutover.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The HTTP port every Cutover process serves: {@code /metrics} (Prometheus text), {@code /livez}
 * (the process is alive), {@code /readyz} (every registered readiness check passes), plus handlers
 * that later features add (e.g. {@code /v1/routing}). Binds to loopback unless configured otherwise;
 * every endpoint answers GET only.
 */
public final class HttpEndpoint implements AutoCloseable {
    /** A readiness check: empty when ready, otherwise the reason in plain words. */
    public interface ReadinessCheck extends Supplier<Optional<String>> {
    }

    private final HttpServer server;
    private final Map<String, ReadinessCheck> checks = new ConcurrentHashMap<>();

    private HttpEndpoint(HttpServer server) {
        this.server = server;
    }

    public static HttpEndpoint start(String bind, int port, PrometheusMeterRegistry registry) {
        // Without TCP_NODELAY, small responses wait on the client's delayed ACK: about 40 ms per
        // request, which an app asking GET /v1/routing before each write would feel (bin/bench freeze).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(bind, port), 0);
            s.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "cutover-http");
                t.setDaemon(true);
                return t;
            }));
            HttpEndpoint e = new HttpEndpoint(s);
            e.addHandler("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            e.addHandler("/livez", ex -> respond(ex, 200, "text/plain; charset=utf-8", "ok\n"));
            e.addHandler("/readyz", e::ready);
            s.start();
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot serve HTTP on " + bind + ":" + port + " (http.port / --http-port): "
                    + ex.getMessage(), ex);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves a path. Every endpoint is read-only: any method but GET gets 405, so nothing
     * reachable over HTTP changes state and no endpoint needs a token (state changes through the
     * cutover commands, which need --execute).
     */
    public void addHandler(String path, HttpHandler handler) {
        server.createContext(path, ex -> {
            try (ex) {
                if (!ex.getRequestMethod().equals("GET")) {
                    ex.getResponseHeaders().set("Allow", "GET");
                    respond(ex, 405, "text/plain; charset=utf-8", "GET only: Cutover's HTTP endpoints are read-only; "
                            + "the phase changes through the cutover commands, which need --execute\n");
                    return;
                }
                handler.handle(ex);
            }
        });
    }

    public void addReadinessCheck(String name, ReadinessCheck check) {
        checks.put(name, check);
    }

    private void ready(HttpExchange ex) throws IOException {
        List<String> failing = checks.entrySet().stream()
                .map(e -> e.getValue().get().map(reason -> e.getKey() + ": " + reason))
                .flatMap(Optional::stream).sorted().collect(Collectors.toList());
        if (failing.isEmpty()) {
            respond(ex, 200, "text/plain; charset=utf-8", "ready\n");
        } else {
            respond(ex, 503, "text/plain; charset=utf-8", String.join("\n", failing) + "\n");
        }
    }

    public static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
