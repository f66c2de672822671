package io.cutover.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cutover.core.event.EnvelopeCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code data/} directory shaped like the JSON-file apps Cutover is for: {@code users.json} (records
 * with a nested {@code preferences} object and a {@code devices} array) and {@code contracts.json}
 * (flat records), {@code records} top-level records in all, half in each file.
 */
final class AppDataDirectory {
    private AppDataDirectory() {
    }

    /** Writes the files; returns the rows they make: users, preferences, devices, contracts. */
    static long[] create(Path dir, int records) throws IOException {
        Files.createDirectories(dir);
        int users = records / 2;
        long devices = 0;
        try (JsonGenerator g = EnvelopeCodec.MAPPER.getFactory().createGenerator(dir.resolve("users.json").toFile(),
                com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (int i = 1; i <= users; i++) {
                g.writeStartObject();
                g.writeNumberField("id", i);
                g.writeStringField("email", "user" + i + "@example.com");
                g.writeStringField("name", "User " + i);
                g.writeBooleanField("active", i % 7 != 0);
                g.writeObjectFieldStart("preferences");
                g.writeStringField("theme", i % 2 == 0 ? "dark" : "light");
                g.writeStringField("language", "en");
                g.writeEndObject();
                g.writeArrayFieldStart("devices");
                for (int d = 0; d < i % 3; d++) {
                    g.writeStartObject();
                    g.writeStringField("id", "dev-" + i + "-" + d);
                    g.writeStringField("kind", d == 0 ? "phone" : "laptop");
                    g.writeEndObject();
                    devices++;
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        int contracts = records - users;
        try (JsonGenerator g = EnvelopeCodec.MAPPER.getFactory().createGenerator(dir.resolve("contracts.json").toFile(),
                com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (int i = 1; i <= contracts; i++) {
                g.writeStartObject();
                g.writeNumberField("id", i);
                g.writeNumberField("user_id", 1 + i % Math.max(1, users));
                g.writeStringField("title", "Contract " + i);
                g.writeNumberField("amount", i * 12.5);
                g.writeStringField("signed_at", "2024-03-" + (1 + i % 28) + "T12:00:00Z");
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return new long[]{users, users, devices, contracts};
    }
}
