package io.cutover.applier;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TargetNamesTest {
    @Test
    void namesPostgresWouldCutAreShortenedApartNotMerged() {
        String a = "t".repeat(70) + "_alpha";
        String b = "t".repeat(70) + "_beta";
        assertThat(TargetNames.fit(a)).isNotEqualTo(TargetNames.fit(b));
        assertThat(TargetNames.fit(a).getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(TargetNames.fit(a)).isEqualTo(TargetNames.fit(a)).startsWith("tttt");
    }

    @Test
    void aNameThatFitsIsKeptAndMultiByteNamesAreCutOnCharacterBoundaries() {
        assertThat(TargetNames.fit("users")).isEqualTo("users");
        String exactly63 = "u".repeat(63);
        assertThat(TargetNames.fit(exactly63)).isEqualTo(exactly63);
        String umlauts = "ü".repeat(40); // 80 bytes
        String fitted = TargetNames.fit(umlauts);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(new String(fitted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(fitted);
        assertThat(fitted).startsWith("üüü").doesNotContain("\uFFFD");
    }
}
