package io.cutover.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo app's {@code data/} directory, kept the way small Node services keep theirs: the whole
 * state in memory, each save rewriting a file whole, {@code contracts.json} in place (truncate, then
 * write: capture sees half-written files) and {@code chat_threads.json} by write-temp-then-rename.
 * Both use the defaults of a plain {@code --json-dir}: records keyed by {@code id}.
 */
final class DemoFiles {
    /** Table to key column; table names differ from the SQLite ones, both land in one schema. */
    static final Map<String, String> TABLES = Map.of("contracts", "id", "chat_threads", "id");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Random random = new Random(7);
    private final ObjectNode contracts = JSON.createObjectNode();
    private final ArrayNode threads = JSON.createArrayNode();
    private int nextThread;

    DemoFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Creates the files unless they exist, and loads them (the app's memory). */
    void create(int records) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve("contracts.json")) && Files.exists(dir.resolve("chat_threads.json"))) {
            contracts.setAll((ObjectNode) JSON.readTree(dir.resolve("contracts.json").toFile()));
            threads.addAll((ArrayNode) JSON.readTree(dir.resolve("chat_threads.json").toFile()));
            for (JsonNode t : threads) {
                nextThread = Math.max(nextThread, Integer.parseInt(t.get("id").asText().substring(1)) + 1);
            }
            return;
        }
        for (int i = 0; i < records; i++) {
            contract();
            thread();
        }
        save();
    }

    /** One save of the app: a change to each file, then both rewritten. */
    synchronized void write() throws IOException {
        contract();
        if (threads.size() > 0 && random.nextInt(3) == 0) {
            ObjectNode t = (ObjectNode) threads.get(random.nextInt(threads.size()));
            ((ArrayNode) t.get("messages")).addObject().put("from", "bot").put("text", "reply " + random.nextInt(1000));
        } else {
            thread();
        }
        if (threads.size() > 50 && random.nextInt(4) == 0) {
            threads.remove(random.nextInt(threads.size()));
        }
        save();
    }

    private void contract() {
        ObjectNode c = contracts.putObject("c" + random.nextInt(5000));
        c.put("party", "Party " + random.nextInt(300)).put("amount", random.nextInt(10_000_000) / 100.0)
                .put("signed", random.nextBoolean()).putObject("terms").put("months", 1 + random.nextInt(36));
    }

    private void thread() {
        ObjectNode t = threads.addObject();
        t.put("id", "t" + nextThread++).put("title", "Thread " + nextThread).put("open", true);
        t.putArray("messages").addObject().put("from", "user").put("text", "hello");
    }

    private void save() throws IOException {
        Files.write(dir.resolve("contracts.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(contracts));
        Path tmp = dir.resolve(".chat_threads.json.tmp");
        Files.write(tmp, JSON.writeValueAsBytes(threads));
        Files.move(tmp, dir.resolve("chat_threads.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Keys per table as the files hold them now. */
    synchronized Map<String, List<String>> keys() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> c = new ArrayList<>();
        contracts.fieldNames().forEachRemaining(c::add);
        out.put("contracts", c);
        List<String> t = new ArrayList<>();
        for (Iterator<JsonNode> it = threads.elements(); it.hasNext(); ) {
            t.add(it.next().get("id").asText());
        }
        out.put("chat_threads", t);
        return out;
    }
}
