package io.cutover.capture.it;

import io.cutover.capture.sqlite.SnapshotReader;
import io.cutover.capture.sqlite.SqliteSchemaReader;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.ValueCodec;
import io.cutover.core.schema.TableSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The app side of the ITs: the real {@code sqlite3} shell writes, a plain JDBC read gives the truth. */
final class SqliteFixture {
    private SqliteFixture() {
    }

    /** Runs {@code sql} in the {@code sqlite3} shell, which waits for locks like a patient app would. */
    static Process shell(Path db, String sql) throws IOException {
        Process p = new ProcessBuilder("sqlite3", "-bail", db.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write((".timeout 10000\n" + sql + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    static void shellAndWait(Path db, String sql) throws Exception {
        Process p = shell(db, sql);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("sqlite3 failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ") on: " + sql);
        }
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
