package io.cutover.capture.json;

import io.cutover.core.event.ValueCodec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The changes that turn the last emitted state of a file into its current contents, by key. */
final class JsonDiffer {
    /**
     * One change: {@code row} null for a delete.
     *
     * @param insert the key is new (not in the last state)
     */
    record Change(String table, String keyText, Map<String, Object> row, String rowText, boolean insert) {
        boolean isDelete() {
            return row == null;
        }
    }

    /** The result: changes (upserts first, then deletes) and the rows of the new state. */
    record Diff(List<Change> changes, Map<String, Map<String, String>> next) {
        long deletes(String table) {
            return changes.stream().filter(c -> c.isDelete() && c.table().equals(table)).count();
        }
    }

    private JsonDiffer() {
    }

    static Diff diff(FileState base, Map<String, Map<String, Map<String, Object>>> current) {
        List<Change> upserts = new ArrayList<>();
        List<Change> deletes = new ArrayList<>();
        Map<String, Map<String, String>> next = new LinkedHashMap<>();
        for (var t : current.entrySet()) {
            Map<String, String> old = base.rows(t.getKey());
            Map<String, String> now = new LinkedHashMap<>();
            for (var r : t.getValue().entrySet()) {
                String text = ValueCodec.encodeRow(r.getValue()).toString();
                now.put(r.getKey(), text);
                String before = old.get(r.getKey());
                if (!text.equals(before)) {
                    upserts.add(new Change(t.getKey(), r.getKey(), r.getValue(), text, before == null));
                }
            }
            next.put(t.getKey(), now);
        }
        for (var t : base.tables().entrySet()) {
            Map<String, String> now = next.getOrDefault(t.getKey(), Map.of());
            for (String k : t.getValue().keySet()) {
                if (!now.containsKey(k)) {
                    deletes.add(new Change(t.getKey(), k, null, null, false));
                }
            }
        }
        upserts.addAll(deletes);
        return new Diff(upserts, next);
    }
}
