package io.cutover.capture.json;

import io.cutover.core.event.ValueCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A read-only view of one JSON source for the processes beside capture (the reconciler, the write
 * switch): the data files' current rows, read and extracted exactly as capture reads them (same parser,
 * same mapping, same values), and whether capture has emitted a file's current content and had its
 * events acknowledged by Kafka.
 */
public final class JsonSourceView {
    /**
     * One data file as read now.
     *
     * @param tables table to each key's text ({@link #keyText}) to its row, as capture's events carry them
     */
    public record Content(String file, String digest, Map<String, Map<String, Map<String, Object>>> tables) {
    }

    /** A data file that cannot be read as its mapping says (a partial write, say); the message names the file. */
    public static final class UnreadableFile extends IOException {
        UnreadableFile(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String source;
    private final Path dir;
    private final JsonFileConnectorConfig cfg;
    private final FileStateStore states;

    /**
     * @param stateDir the source's capture state directory (where capture keeps its file states)
     */
    public JsonSourceView(String source, Path dir, List<JsonFileMapping> files, Path stateDir) {
        this.source = source;
        this.dir = dir;
        this.cfg = new JsonFileConnectorConfig(source, dir, "unused", stateDir, files, 0, 0);
        this.states = new FileStateStore(stateDir, false);
    }

    public String source() {
        return source;
    }

    public Path stateDir() {
        return cfg.stateDir();
    }

    /** The directory of the data files. */
    public Path dir() {
        return dir;
    }

    /** How {@code file} maps to tables, if capture captures it. */
    public Optional<JsonFileMapping> mapping(String file) {
        return cfg.mapping(file);
    }

    /** The data files present now that capture captures, by name. */
    public List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> cfg.mapping(n).isPresent()).sorted().toList();
        }
    }

    /** The tables a file maps to, parent first; empty when the file is not captured. */
    public List<String> tables(String file) {
        return cfg.mapping(file).map(m -> Stream.concat(Stream.of(m.table()), m.children().stream()
                .map(JsonFileMapping.Child::table)).toList()).orElse(List.of());
    }

    /** The file whose records fill {@code table}, among the files present now. */
    public Optional<String> fileOf(String table) throws IOException {
        for (String f : files()) {
            if (tables(f).contains(table)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Reads and extracts a data file now. */
    public Content read(String file) throws IOException {
        JsonFileMapping m = cfg.mapping(file).orElseThrow(() -> new IllegalArgumentException(file + " is not captured"));
        byte[] bytes = Files.readAllBytes(dir.resolve(file));
        try {
            return new Content(file, JsonFence.digest(bytes), new JsonRecordExtractor(m).extract(JsonValues.parse(bytes)));
        } catch (IOException | JsonRecordExtractor.ShapeException e) {
            throw new UnreadableFile(source + "/" + file + " is not readable as data now: " + e.getMessage(), e);
        }
    }

    /** Every captured file's digest now, for the write fence. */
    public Map<String, String> digests() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : files()) {
            out.put(f, JsonFence.digest(Files.readAllBytes(dir.resolve(f))));
        }
        return out;
    }

    /**
     * Whether Kafka has every event that takes Postgres to {@code content}: the state whose events are
     * acknowledged holds exactly these rows, and no newer state (events possibly in flight) differs.
     * The second half keeps a change and its undoing, both in flight, from passing for settled.
     */
    public boolean captured(Content content) {
        return statesAgree(content.file(), s -> sameRows(s, content));
    }

    /** {@link #captured(Content)} for one key of one table: its current row (or its absence) is in Kafka. */
    public boolean captured(String table, Map<String, Object> key) throws IOException {
        Optional<String> file = fileOf(table);
        if (file.isEmpty()) {
            return true; // no file holds the table: there is nothing left for capture to send
        }
        String keyText = keyText(key);
        Map<String, Object> row = read(file.get()).tables().getOrDefault(table, Map.of()).get(keyText);
        String text = row == null ? null : rowText(row);
        return statesAgree(file.get(), s -> java.util.Objects.equals(s.rows(table).get(keyText), text));
    }

    private boolean statesAgree(String file, java.util.function.Predicate<FileState> agrees) {
        if (!Files.isDirectory(cfg.stateDir())) {
            return false;
        }
        long acked = states.acknowledged();
        if (!agrees.test(states.load(file, acked).orElse(FileState.empty(file)))) {
            return false;
        }
        for (long v : states.versions(file)) {
            if (v > acked && !states.load(file, v).map(agrees::test).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRows(FileState s, Content c) {
        for (var t : c.tables().entrySet()) {
            Map<String, String> stored = s.rows(t.getKey());
            if (stored.size() != t.getValue().size()) {
                return false;
            }
            for (var r : t.getValue().entrySet()) {
                if (!rowText(r.getValue()).equals(stored.get(r.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Asks capture to re-send one key of {@code table} from its last state; returns the request's id. */
    public String requestReplay(String table, Map<String, Object> key) throws IOException {
        return JsonRepairs.request(cfg.stateDir(), table, List.of(keyText(key)), false);
    }

    /** Asks capture to re-send every key of {@code table} it holds (resnapshot); returns the request's id. */
    public String requestResnapshot(String table) throws IOException {
        return JsonRepairs.request(cfg.stateDir(), table, List.of(), true);
    }

    /** Whether capture served the request and Kafka acknowledged its change. */
    public boolean replaySettled(String id) throws IOException {
        return JsonRepairs.settled(cfg.stateDir(), id, states.acknowledged());
    }

    /** The text a key is identified by, in capture's states and here: its columns in key order, as JSON. */
    public static String keyText(Map<String, Object> key) {
        return JsonRecordExtractor.keyText(key);
    }

    /** A JSON value as capture's events carry it, for other modules that must compute the same key texts. */
    public static Object value(com.fasterxml.jackson.databind.JsonNode n) {
        return JsonValues.value(n);
    }

    static String rowText(Map<String, Object> row) {
        return ValueCodec.encodeRow(row).toString();
    }
}
