package io.cutover.control;

import io.cutover.capture.json.JsonSourceView;
import io.cutover.capture.sqlite.ChangelogEntries;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.schema.TableSchema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-captures rows from a SQLite source through its changelog ({@link ChangelogEntries}), or from a
 * JSON source through a request capture serves from its last state ({@link JsonSourceView}), so that
 * they travel through capture, Kafka and the applier in order with the app's own changes: a whole
 * table ({@code cutover resnapshot}) or the keys that were dead-lettered ({@code cutover dlq replay}).
 */
public final class Recapture {
    /** What a dead-letter replay did. */
    public record Replayed(int keys, List<String> skipped) {
    }

    private Recapture() {
    }

    /** Every row of the table; returns the number of rows queued. */
    public static long table(Path db, MigratedTables.Table t) throws SQLException {
        TableSchema s = t.schema();
        try (Connection c = SqliteFence.open(db)) {
            return ChangelogEntries.enqueueTable(c, t.sourceTable(), s.primaryKey(), s.usesRowid(), s.withoutRowid());
        }
    }

    /** The distinct keys of the dead letters, each re-captured once. */
    public static Replayed deadLetters(List<DeadLetters.Entry> entries, MigratedTables tables, Map<String, Path> sqlite,
                                       List<JsonSourceView> json) throws SQLException, java.io.IOException {
        Set<String> done = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        for (DeadLetters.Entry e : entries) {
            var table = tables.tables().stream().filter(t -> t.topic().equals(e.originTopic())).findFirst();
            if (table.isEmpty() || e.key() == null) {
                skipped.add(e.originTopic() + "@" + e.originOffset() + ": no migrated table for this topic");
                continue;
            }
            MigratedTables.Table t = table.get();
            Path db = sqlite.get(t.source());
            var view = json.stream().filter(v -> v.source().equals(t.source())).findFirst();
            if (db == null && view.isEmpty()) {
                skipped.add(t.source() + "." + t.sourceTable() + " " + e.key() + ": not a source configured here");
                continue;
            }
            if (!done.add(t.topic() + "\u0000" + e.key())) {
                continue;
            }
            Map<String, Object> key = EnvelopeCodec.decodeKey(e.key().getBytes(StandardCharsets.UTF_8));
            TableSchema s = t.schema();
            if (view.isPresent()) {
                // JSON: capture re-sends the key from its last state of the file.
                Map<String, Object> ordered = new java.util.LinkedHashMap<>();
                s.primaryKey().forEach(col -> ordered.put(col, key.get(col)));
                view.get().requestReplay(t.sourceTable(), ordered);
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (String col : s.primaryKey()) {
                values.add(key.get(col));
            }
            try (Connection c = SqliteFence.open(db)) {
                ChangelogEntries.enqueue(c, t.sourceTable(), s.primaryKey(), s.usesRowid(), values, "u");
            }
        }
        return new Replayed(done.size(), skipped);
    }
}
