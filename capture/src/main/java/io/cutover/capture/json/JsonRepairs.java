package io.cutover.capture.json;

import io.cutover.core.event.EnvelopeCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Requests to re-send keys of a JSON source from capture's last state: the reconciler's repairs and
 * {@code resnapshot}. Capture owns the emission, so other processes leave a request file in the
 * source's state directory ({@code repairs/<id>.json}); capture emits the keys' rows from its last
 * state (a delete for a key it does not hold) as its next change, in order with the live ones, then
 * leaves {@code <id>.done} with the version that carries them. A request is settled once that
 * version is acknowledged. A request lost in a crash is simply made again by the next pass.
 */
public final class JsonRepairs {
    /**
     * One request.
     *
     * @param keys key texts ({@link JsonSourceView#keyText}); empty with {@code all}: every key of the table
     */
    record Request(String id, String table, List<String> keys, boolean all) {
    }

    private static final String DIR = "repairs";

    private JsonRepairs() {
    }

    static String request(Path stateDir, String table, List<String> keys, boolean all) throws IOException {
        Path dir = stateDir.resolve(DIR);
        Files.createDirectories(dir);
        // Names sort by time, so requests are served in the order they were made.
        String id = String.format("%015d-%s", System.currentTimeMillis(), UUID.randomUUID());
        Path tmp = dir.resolve(id + ".tmp");
        Files.write(tmp, EnvelopeCodec.MAPPER.writeValueAsBytes(new Request(id, table, List.copyOf(keys), all)));
        Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    /** Requests not served yet, oldest first. */
    static List<Request> pending(Path stateDir) throws IOException {
        Path dir = stateDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Request> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(EnvelopeCodec.MAPPER.readValue(Files.readAllBytes(p), Request.class));
                } catch (NoSuchFileException e) {
                    // served meanwhile
                }
            }
        }
        return out;
    }

    /** Marks a request served by the change at {@code version}. */
    static void done(Path stateDir, Request r, long version) throws IOException {
        Path dir = stateDir.resolve(DIR);
        Files.writeString(dir.resolve(r.id() + ".done"), Long.toString(version));
        Files.deleteIfExists(dir.resolve(r.id() + ".json"));
    }

    /** Whether a request was served and its change acknowledged by Kafka. */
    static boolean settled(Path stateDir, String id, long acknowledged) throws IOException {
        Path dir = stateDir.resolve(DIR);
        if (Files.exists(dir.resolve(id + ".json"))) {
            return false;
        }
        try {
            return Long.parseLong(Files.readString(dir.resolve(id + ".done")).trim()) <= acknowledged;
        } catch (NoSuchFileException e) {
            return true; // pruned: acknowledged long ago
        }
    }

    /** Forgets served requests whose change is acknowledged. */
    static void prune(Path stateDir, long flushed) throws IOException {
        Path dir = stateDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".done")).toList()) {
                if (Long.parseLong(Files.readString(p).trim()) <= flushed) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The changes that re-send a request's keys from {@code state}: upserts of held rows, deletes of others. */
    static List<JsonDiffer.Change> changes(FileState state, Request r) throws IOException {
        Map<String, String> rows = state.rows(r.table());
        List<String> keys = r.all() ? List.copyOf(rows.keySet()) : r.keys();
        List<JsonDiffer.Change> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            String text = rows.get(k);
            Map<String, Object> row = text == null ? null
                    : io.cutover.core.event.ValueCodec.decodeRow(EnvelopeCodec.MAPPER.readTree(text));
            out.add(new JsonDiffer.Change(r.table(), k, row, text, false));
        }
        return out;
    }
}
