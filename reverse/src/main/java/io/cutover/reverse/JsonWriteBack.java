package io.cutover.reverse;

import io.cutover.capture.json.JsonFence;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.capture.json.JsonSourceView;
import io.cutover.control.MigratedTables;
import io.cutover.core.event.ChangeEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Postgres's changes back into the data files of one JSON source. Each file a batch touches is
 * read, changed in place and rewritten whole ({@link JsonFileRewriter}: same layout, existing records
 * and fields in their order, new records at the end, deleted ones removed); the rewrite's digest is
 * recorded next to the write fence first ({@link JsonFence#recordOwnWrite}), so capture holds it
 * silently instead of counting a late write. The Kafka positions reached are stored after the files
 * ({@link JsonReverseOffsets}): a crash in between re-applies the batch, which rewrites the same
 * content, so nothing is lost and no effect is doubled.
 */
public final class JsonWriteBack implements WriteBackTarget {
    private final JsonSourceView view;
    private final Map<String, MigratedTables.Table> tables = new HashMap<>();

    JsonWriteBack(JsonSourceView view, MigratedTables migrated) {
        this.view = view;
        for (MigratedTables.Table t : migrated.tables()) {
            if (t.source().equals(view.source())) {
                tables.put(t.sourceTable(), t);
            }
        }
    }

    /**
     * Why this source cannot be written back (a file with child tables), or null. Checked before the
     * write switch fences anything: a child table's Postgres writes would otherwise be lost on rollback.
     */
    public static String unsupported(JsonSourceView view) throws IOException {
        for (String f : view.files()) {
            JsonFileMapping m = view.mapping(f).orElseThrow();
            if (!m.children().isEmpty()) {
                return view.source() + "/" + f + " maps nested fields to child tables ("
                        + m.children().stream().map(JsonFileMapping.Child::table).toList() + "), which reverse "
                        + "replication does not write back; remove the children from the mapping or set reverse.enabled: false";
            }
        }
        return null;
    }

    @Override
    public Map<String, Long> offsets() throws IOException {
        return JsonReverseOffsets.read(view.stateDir());
    }

    /** Applies {@code events} in order to their files, then stores {@code nextOffsets}. */
    @Override
    public void apply(List<ChangeEvent> events, Map<String, Long> nextOffsets) throws IOException {
        Map<String, List<ChangeEvent>> byFile = new LinkedHashMap<>();
        Map<String, String> fileOfTable = new HashMap<>();
        for (ChangeEvent e : events) {
            String table = e.source().table();
            String file = fileOfTable.get(table);
            if (file == null) {
                file = view.fileOf(table).orElseThrow(() -> new IOException("no data file of source "
                        + view.source() + " holds table " + table + ": was it removed or renamed?"));
                fileOfTable.put(table, file);
            }
            byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(e);
        }
        for (var f : byFile.entrySet()) {
            JsonFileMapping m = view.mapping(f.getKey()).orElseThrow();
            for (ChangeEvent e : f.getValue()) {
                if (!e.source().table().equals(m.table())) {
                    // Never reached past the preflight; refusing beats writing a child's row as a record.
                    throw new IllegalStateException(unsupported(view));
                }
            }
            MigratedTables.Table t = tables.get(m.table());
            Path path = view.dir().resolve(f.getKey());
            JsonFileRewriter rw = JsonFileRewriter.read(path, m, t == null ? null : t.schema());
            for (ChangeEvent e : f.getValue()) {
                if (e.isDelete()) {
                    rw.delete(e.key());
                } else {
                    rw.upsert(e.key(), e.after());
                }
            }
            byte[] bytes = rw.bytes();
            if (!rw.changed()) {
                continue; // the file has these values already (a batch applied again after a crash)
            }
            if (lateWriteIn(f.getKey(), rw.readDigest())) {
                // The app wrote the file after the switch. The rewrite keeps its write, but is not recorded
                // as the write-back's own: capture and status go on reporting the file as a late write.
                ReverseMetrics.error("late_write");
            } else {
                JsonFence.recordOwnWrite(view.stateDir(), f.getKey(), JsonFence.digest(bytes));
            }
            AtomicFiles.write(path, bytes);
        }
        if (!nextOffsets.isEmpty()) {
            JsonReverseOffsets.store(view.stateDir(), nextOffsets);
        }
    }

    /** Whether the content read is neither the fenced one nor one the write-back wrote. */
    private boolean lateWriteIn(String file, String digest) throws IOException {
        var fence = JsonFence.read(view.stateDir());
        return fence.isPresent() && !digest.equals(fence.get().digests().get(file))
                && !JsonFence.ownWrite(view.stateDir(), file, digest);
    }

    @Override
    public void close() {
        // nothing held open between polls: each file is read and replaced whole
    }
}
