package io.cutover.core.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import io.cutover.core.config.DatabaseUrl;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingLogTest {
    @Test
    void aPasswordFromDatabaseUrlNeverReachesALogLine() {
        DatabaseUrl.parse("postgres://app:Pa55word-XYZ@db:5432/app");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put("mask", MaskingMessageConverter::new);
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put("maskEx", MaskingThrowableConverter::new);
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%level %mask%n%maskEx");
        enc.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> app = new OutputStreamAppender<>();
        app.setContext(ctx);
        app.setEncoder(enc);
        app.setOutputStream(out);
        app.start();
        Logger log = ctx.getLogger("masking-test");
        log.addAppender(app);

        log.info("connecting to {}", "postgres://app:Pa55word-XYZ@db:5432/app");
        log.warn("driver said password=Pa55word-XYZ", new IllegalStateException("login failed for Pa55word-XYZ"));
        log.info("jdbc:postgresql://db/app?user=x&password=other-secret-1 failed");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("postgres://app:****@db:5432/app").contains("IllegalStateException")
                .doesNotContain("Pa55word-XYZ").doesNotContain("other-secret-1");
    }
}
