package io.cutover.core.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUrlTest {
    @Test
    void parsesLibpqStyleUrls() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://app%40prod:p%3Ass@db.internal:6543/shop?sslmode=require");
        assertThat(u.user()).isEqualTo("app@prod");
        assertThat(u.password()).contains("p:ss");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/shop?sslmode=require");
        assertThat(u.toString()).doesNotContain("p:ss").contains("****");
    }

    @Test
    void parsesJdbcUrlsWithCredentialsInTheQuery() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://localhost/app?user=me&password=topsecret&ssl=true");
        assertThat(u.port()).isEqualTo(5432);
        assertThat(u.user()).isEqualTo("me");
        assertThat(u.password()).contains("topsecret");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app?ssl=true").doesNotContain("topsecret");
    }

    @Test
    void localIsItsOwnForm() {
        assertThat(DatabaseUrl.parse("local").isLocal()).isTrue();
    }
}
