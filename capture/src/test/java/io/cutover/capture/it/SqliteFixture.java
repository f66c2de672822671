package io.cutover.capture.it;

import io.cutover.capture.sqlite.SnapshotReader;
import io.cutover.capture.sqlite.SqliteSchemaReader;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.ValueCodec;
import io.cutover.core.schema.TableSchema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The truth the ITs compare topics with: the table read through a plain JDBC connection. */
final class SqliteFixture {
    private SqliteFixture() {
    }

    /** Every row of {@code table}, by event key JSON, as its row image JSON. */
    static Map<String, String> tableState(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            TableSchema t = new SqliteSchemaReader(c, "x").read(table, false);
            Map<String, String> out = new HashMap<>();
            for (SnapshotReader.Row r : new SnapshotReader(c).chunk(t, null, Integer.MAX_VALUE)) {
                out.put(new String(EnvelopeCodec.encodeKey(r.key()), StandardCharsets.UTF_8),
                        ValueCodec.encodeRow(r.after()).toString());
            }
            return out;
        }
    }

    static List<String> tables(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return new SqliteSchemaReader(c, "x").tableNames();
        }
    }
}
