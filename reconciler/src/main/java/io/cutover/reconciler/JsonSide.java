package io.cutover.reconciler;

import io.cutover.capture.json.JsonFence;
import io.cutover.capture.json.JsonSourceView;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON source: rows read through capture's {@link JsonSourceView}; a suspect has been captured once
 * capture's acknowledged file state holds the key's current row (or its absence) and no newer state
 * differs. Files carry no changelog, so there is no seq: the check is per key. Repairs are requests
 * for capture to re-send the key from its last state; a repaired key is rechecked once that is in Kafka.
 */
final class JsonSide implements SourceSide {
    private final JsonSourceView view;
    private final JsonRowReader rows;
    /** Repairs asked of capture and not yet known to be in Kafka, by the key they repair. */
    private final Map<SuspectTracker.Id, String> repairs = new HashMap<>();

    JsonSide(JsonSourceView view) {
        this.view = view;
        this.rows = new JsonRowReader(view);
    }

    @Override
    public SourceRows rows() {
        return rows;
    }

    @Override
    public List<String> capturedTables() throws SQLException {
        List<String> out = new ArrayList<>();
        try {
            for (String f : view.files()) {
                out.addAll(view.tables(f));
            }
        } catch (IOException e) {
            throw new SourceRows.Unreadable(view.source() + ": cannot list the data directory: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public boolean captured(SuspectTracker.Suspect s, ReconcilerSettings settings) throws SQLException {
        Difference d = s.difference();
        try {
            String repair = repairs.get(SuspectTracker.Id.of(d));
            if (repair != null) {
                if (!view.replaySettled(repair)) {
                    return false; // the repair is not in Kafka yet: checking now would confirm the old difference
                }
                repairs.remove(SuspectTracker.Id.of(d));
            }
            return view.captured(d.table().table(), sourceKey(d));
        } catch (IOException e) {
            return false; // the file is mid-write: capture will not have passed it either; ask again next round
        }
    }

    @Override
    public boolean fenced() throws SQLException {
        try {
            return JsonFence.read(view.stateDir()).isPresent();
        } catch (IOException e) {
            return true; // cannot tell: assume the worst, repairing a fenced source would lose Postgres writes
        }
    }

    @Override
    public long repair(Repairer.Plan p) throws SQLException {
        Difference d = p.difference();
        try {
            repairs.put(SuspectTracker.Id.of(d), view.requestReplay(d.table().table(), sourceKey(d)));
        } catch (IOException e) {
            throw new SQLException(view.source() + ": cannot leave a repair request for capture: " + e.getMessage(), e);
        }
        return 0;
    }

    private static Map<String, Object> sourceKey(Difference d) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < d.table().keyColumns().size(); i++) {
            key.put(d.table().keyColumns().get(i), d.sourceKey().get(i));
        }
        return key;
    }

    @Override
    public void close() {
    }
}
