package io.cutover.core.http;

import io.cutover.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HttpEndpointTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(HttpEndpoint e, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPrometheusTextWithJvmMetricsAndHealth() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HttpEndpoint e = HttpEndpoint.start("127.0.0.1", 0, MetricsRegistry.prometheus())) {
            e.addReadinessCheck("pipeline", () -> ready.get() ? Optional.empty() : Optional.of("still starting"));
            HttpResponse<String> metrics = get(e, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
            assertThat(get(e, "/livez").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(e, "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("pipeline: still starting");
            ready.set(true);
            assertThat(get(e, "/readyz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theDefaultBindIsLoopbackSoNothingIsReachableFromOtherHosts() throws Exception {
        String bind = ConfigLoader.load(null, Map.of(), Map.of()).http().bind();
        assertThat(bind).isEqualTo("127.0.0.1");
        try (HttpEndpoint e = HttpEndpoint.start(bind, 0, MetricsRegistry.prometheus())) {
            assertThat(InetAddress.getByName(bind).isLoopbackAddress()).isTrue();
            assertThat(get(e, "/livez").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void everyEndpointRejectsEveryMethodButGetSoNoneCanChangeState() throws Exception {
        AtomicBoolean reached = new AtomicBoolean(false);
        try (HttpEndpoint e = HttpEndpoint.start("127.0.0.1", 0, MetricsRegistry.prometheus())) {
            e.addHandler("/v1/routing", ex -> {
                reached.set(true);
                HttpEndpoint.respond(ex, 200, "text/plain", "changed\n");
            });
            for (String path : List.of("/metrics", "/livez", "/readyz", "/v1/routing")) {
                for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "HEAD")) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path))
                            .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("%s %s", method, path).isEqualTo(405);
                    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
                }
            }
            assertThat(reached).as("no handler ran for a non-GET request").isFalse();
            assertThat(get(e, "/v1/routing").statusCode()).isEqualTo(200);
            assertThat(reached).isTrue();
        }
    }
}
