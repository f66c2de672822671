package io.cutover.control;

import io.cutover.capture.json.JsonFence;
import io.cutover.capture.json.JsonSourceView;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The write fence and drain of a JSON source. Files cannot refuse writes, so the fence records each
 * data file's digest ({@link JsonFence}; capture then holds any other content as a late write), and
 * the drain waits until capture's acknowledged state of every file is its fenced content. A file that
 * changes during the freeze fails the switch: its write would otherwise be held, not migrated.
 */
final class JsonDrain {
    private JsonDrain() {
    }

    /** Fences the source; returns the fenced digests by file. */
    static Map<String, String> fence(JsonSourceView v) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>(v.digests());
        JsonFence.install(v.stateDir(), digests);
        return digests;
    }

    static void unfence(JsonSourceView v) throws IOException {
        JsonFence.remove(v.stateDir());
    }

    /** @throws IllegalStateException when a file changed after the fence, or capture has not caught up in time */
    static void await(JsonSourceView v, Map<String, String> fenced, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, String> f : fenced.entrySet()) {
            while (true) {
                JsonSourceView.Content now = v.read(f.getKey());
                if (!now.digest().equals(f.getValue())) {
                    throw new IllegalStateException(v.source() + "/" + f.getKey() + " was written during the freeze: the "
                            + "app must stop writing the files once GET /v1/routing no longer says writes: sqlite");
                }
                if (v.captured(now)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("capture did not send the last content of " + v.source() + "/"
                            + f.getKey() + " to Kafka within " + timeout.toMillis() + " ms: is `cutover run` (or "
                            + "`cutover capture`) running for this directory?");
                }
                Thread.sleep(10); // waiting on another process; 10 ms is well below the freeze target
            }
        }
    }

    /**
     * The last look before the flip: a file written after its drain would be held by capture as a late
     * write and never migrated, so the switch must not go on.
     */
    static void assertUnchanged(JsonSourceView v, Map<String, String> fenced) throws IOException {
        Map<String, String> now = v.digests();
        for (Map.Entry<String, String> f : fenced.entrySet()) {
            if (!f.getValue().equals(now.get(f.getKey()))) {
                throw new IllegalStateException(v.source() + "/" + f.getKey() + " was written during the freeze: the "
                        + "app must stop writing the files once GET /v1/routing no longer says writes: sqlite");
            }
        }
    }

    /**
     * Files of the source whose content is no longer the fenced one: writes made after the switch, not
     * migrated. Content reverse replication wrote itself is not one.
     */
    static Map<String, String> lateWrites(JsonSourceView v) throws IOException {
        Map<String, String> late = new LinkedHashMap<>();
        var fence = JsonFence.read(v.stateDir());
        if (fence.isEmpty()) {
            return late;
        }
        Map<String, String> now = v.digests();
        for (var e : now.entrySet()) {
            String file = e.getKey();
            if (!e.getValue().equals(fence.get().digests().get(file)) && !JsonFence.ownWrite(v.stateDir(), file, e.getValue())) {
                late.put(file, fence.get().digests().containsKey(file) ? "changed" : "new");
            }
        }
        fence.get().digests().keySet().stream().filter(f -> !now.containsKey(f)).forEach(f -> late.put(f, "removed"));
        return late;
    }
}
