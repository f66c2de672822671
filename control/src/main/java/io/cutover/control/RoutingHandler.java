package io.cutover.control;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cutover.core.http.HttpEndpoint;
import io.cutover.core.log.Secrets;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code GET /v1/routing}: where apps read and write now, as recorded in the control schema, so an
 * app in any language can follow the flips. The state is read from Postgres at most every
 * {@code maxAgeMillis}; when Postgres cannot be reached the answer is 503 and apps keep their last
 * routing (the phase only moves forward through the control commands, which need Postgres too).
 */
public final class RoutingHandler implements HttpHandler {
    private final DataSource pool;
    private final CutoverStateStore store;
    private final long maxAgeMillis;
    private final ControlMetrics metrics;
    private CutoverState cached;
    private long cachedAt;

    public RoutingHandler(DataSource pool, CutoverStateStore store, long maxAgeMillis, ControlMetrics metrics) {
        this.pool = pool;
        this.store = store;
        this.maxAgeMillis = maxAgeMillis;
        this.metrics = metrics;
    }

    /** The current state, from the cache when it is fresh. */
    public synchronized CutoverState current() throws SQLException {
        long now = System.currentTimeMillis();
        if (cached == null || now - cachedAt >= maxAgeMillis) {
            try (Connection c = pool.getConnection()) {
                cached = store.current(c); // before any cutover command ran: the default phase, not a 503
                cachedAt = now;
                metrics.observe(cached);
            }
        }
        return cached;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "GET");
            HttpEndpoint.respond(ex, 405, "text/plain; charset=utf-8", "GET only; the phase changes through the "
                    + "cutover commands, which need --execute\n");
            return;
        }
        try {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            HttpEndpoint.respond(ex, 200, "application/json", current().routingJson() + "\n");
        } catch (SQLException e) {
            // Quoted as JSON: driver messages span lines and carry quotes.
            String why = new String(JsonStringEncoder.getInstance().quoteAsString("cannot read the cutover state from "
                    + "Postgres: " + Secrets.mask(String.valueOf(e.getMessage()))));
            HttpEndpoint.respond(ex, 503, "application/json", "{\"error\":\"" + why + "\"}\n");
        }
    }
}
