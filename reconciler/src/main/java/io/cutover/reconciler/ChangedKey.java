package io.cutover.reconciler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A key read off a change topic, in the two forms a recheck needs: canonical (to find the Postgres
 * row and to name the key) and as the source stores it (to find the source row).
 */
record ChangedKey(List<Object> key, List<Object> sourceKey) {
    static ChangedKey of(MappedTable t, Map<String, Object> k) {
        List<Object> sourceKey = new ArrayList<>();
        List<Object> key = new ArrayList<>();
        for (String col : t.keyColumns()) {
            sourceKey.add(k.get(col));
            key.add(Canonical.ofSource(k.get(col), t.type(col)));
        }
        return new ChangedKey(key, sourceKey);
    }
}
