package io.cutover.control;

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
 * Re-captures rows from a SQLite source through its changelog ({@link ChangelogEntries}), so that they
 * travel through capture, Kafka and the applier in order with the app's own changes: a whole table
 * ({@code cutover resnapshot}) or the keys that were dead-lettered ({@code cutover dlq replay}).
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
    public static Replayed deadLetters(List<DeadLetters.Entry> entries, MigratedTables tables, Map<String, Path> sqlite)
            throws SQLException {
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
            if (db == null) {
                skipped.add(t.source() + "." + t.sourceTable() + " " + e.key() + ": not a SQLite source configured here "
                        + "(JSON files are re-read with resnapshot)");
                continue;
            }
            if (!done.add(t.topic() + "\u0000" + e.key())) {
                continue;
            }
            Map<String, Object> key = EnvelopeCodec.decodeKey(e.key().getBytes(StandardCharsets.UTF_8));
            TableSchema s = t.schema();
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
