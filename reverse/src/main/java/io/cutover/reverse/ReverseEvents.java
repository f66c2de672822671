package io.cutover.reverse;

import io.cutover.control.MigratedTables;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.Op;
import io.cutover.core.event.SourceInfo;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Debezium's Postgres change records as Cutover's envelope, addressed to the source table they go
 * back to: the key is the primary key, the row image holds SQLite values ({@link SqliteValues}), and
 * {@code source} names the SQLite source and table, with the commit's LSN as its position.
 */
final class ReverseEvents {
    /** Connector name in the envelope's {@code source.connector}. */
    static final String CONNECTOR = "postgresql";

    private ReverseEvents() {
    }

    /** Schema and table of a data record, or empty for heartbeats and other non-change records. */
    static Optional<String[]> table(SourceRecord r) {
        if (!(r.value() instanceof Struct v) || v.schema().field("op") == null || v.schema().field("source") == null) {
            return Optional.empty();
        }
        if (!Set.of("c", "u", "d", "r").contains(v.getString("op"))) {
            return Optional.empty(); // truncates and logical decoding messages are not row changes
        }
        Struct src = v.getStruct("source");
        return Optional.of(new String[] {src.getString("schema"), src.getString("table")});
    }

    static ChangeEvent toEvent(SourceRecord r, MigratedTables.Table t) {
        Struct v = (Struct) r.value();
        Op op = Op.fromCode(v.getString("op"));
        Struct after = v.getStruct("after");
        Map<String, Object> key = keyOf(r, after, t);
        Struct src = v.getStruct("source");
        Long lsn = src.schema().field("lsn") == null ? null : src.getInt64("lsn");
        Long ts = v.getInt64("ts_ms");
        long now = ts == null ? System.currentTimeMillis() : ts;
        SourceInfo info = new SourceInfo(CONNECTOR, t.source(), t.sourceTable(), lsn == null ? 0 : lsn, now, false);
        return new ChangeEvent(key, null, op == Op.DELETE ? null : SqliteValues.row(after), op == Op.READ ? Op.CREATE : op,
                now, info);
    }

    /** The key from the record's key struct; from the row image when the table has no replica key. */
    private static Map<String, Object> keyOf(SourceRecord r, Struct after, MigratedTables.Table t) {
        if (r.key() instanceof Struct k) {
            return SqliteValues.row(k);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        Map<String, Object> row = after == null ? Map.of() : SqliteValues.row(after);
        for (String c : t.schema().primaryKey()) {
            key.put(c, row.get(c));
        }
        return key;
    }

    /** The drain token of a marker-table record. */
    static String markerToken(SourceRecord r) {
        Struct after = ((Struct) r.value()).getStruct("after");
        return after == null ? null : after.getString("token");
    }
}
