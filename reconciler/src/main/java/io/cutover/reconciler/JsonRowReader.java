package io.cutover.reconciler;

import io.cutover.capture.json.JsonSourceView;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a JSON source through capture's own {@link JsonSourceView} (same parser, same mapping, same
 * values) and converts every value as the applier would. A data file is read whole, as capture reads
 * it, so a table's rows are sorted in memory; the files are the app's working set, small next to a
 * database.
 */
final class JsonRowReader implements SourceRows {
    private final JsonSourceView view;

    JsonRowReader(JsonSourceView view) {
        this.view = view;
    }

    @Override
    public RowCursor scan(MappedTable t) throws SQLException {
        Map<String, Map<String, Object>> rows = rows(t);
        Layout layout = new Layout(t);
        List<Row> out = new ArrayList<>(rows.size());
        rows.values().forEach(r -> out.add(row(layout, r)));
        return new ListCursor(out);
    }

    @Override
    public Optional<Row> find(MappedTable t, List<Object> sourceKey) throws SQLException {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < t.keyColumns().size(); i++) {
            key.put(t.keyColumns().get(i), sourceKey.get(i));
        }
        Map<String, Object> r = rows(t).get(JsonSourceView.keyText(key));
        return r == null ? Optional.empty() : Optional.of(row(new Layout(t), r));
    }

    /** The table's rows now, by key text; none when no present file maps to the table. */
    private Map<String, Map<String, Object>> rows(MappedTable t) throws SQLException {
        try {
            Optional<String> file = view.fileOf(t.table());
            if (file.isEmpty()) {
                return Map.of();
            }
            return view.read(file.get()).tables().getOrDefault(t.table(), Map.of());
        } catch (IOException e) {
            throw new Unreadable(e.getMessage(), e);
        }
    }

    private static Row row(Layout l, Map<String, Object> r) {
        Object[] raw = new Object[l.columns.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = r.get(l.columns.get(i));
        }
        Object[] sourceKey = new Object[l.keyIndex.length];
        for (int k = 0; k < sourceKey.length; k++) {
            sourceKey[k] = raw[l.keyIndex[k]];
        }
        return SourceRowReader.canonical(l, raw, sourceKey);
    }
}
