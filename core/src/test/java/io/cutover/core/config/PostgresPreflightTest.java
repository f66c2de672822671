package io.cutover.core.config;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresPreflightTest {
    @Test
    void unreachablePostgresIsAConfigErrorThatMasksThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:pw-do-not-print@127.0.0.1:" + closedPort + "/app");
        assertThatThrownBy(() -> PostgresPreflight.check(url, Duration.ofSeconds(2)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("postgres.url: cannot connect to postgres://app:****@127.0.0.1:" + closedPort)
                .hasMessageContaining("Check that the server is running")
                .hasMessageNotContaining("pw-do-not-print");
    }
}
