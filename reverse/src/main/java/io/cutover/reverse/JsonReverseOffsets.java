package io.cutover.reverse;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cutover.core.event.EnvelopeCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The reverse positions of one JSON source ("topic/partition" to the next offset), in
 * {@value #FILE} in its capture state directory. Written atomically after the data files of a batch,
 * so a crash between the two only repeats a rewrite that produces the same content.
 */
final class JsonReverseOffsets {
    static final String FILE = "reverse-offsets.json";

    private JsonReverseOffsets() {
    }

    static Map<String, Long> read(Path stateDir) throws IOException {
        try {
            return EnvelopeCodec.MAPPER.readValue(Files.readAllBytes(stateDir.resolve(FILE)), new TypeReference<Map<String, Long>>() { });
        } catch (NoSuchFileException e) {
            return Map.of();
        }
    }

    static synchronized void store(Path stateDir, Map<String, Long> next) throws IOException {
        Map<String, Long> all = new HashMap<>(read(stateDir));
        all.putAll(next);
        Files.createDirectories(stateDir);
        AtomicFiles.write(stateDir.resolve(FILE), EnvelopeCodec.MAPPER.writeValueAsBytes(all));
    }
}
