package io.cutover.reconciler;

import io.cutover.capture.sqlite.SqliteSchemaReader;
import io.cutover.core.schema.PgType;
import io.cutover.core.schema.PgTypeMapping;
import io.cutover.core.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full pass's fast page reader gives exactly what capture's reader gives for every odd value
 * (the rows read by key go through capture's {@code ValueReader}), and pages in key order.
 */
class SourceRowReaderTest {

    @Test
    void pagedScanEqualsCapturesReaderForOddValuesAndKeepsKeyOrder(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("odd.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t(k TEXT PRIMARY KEY COLLATE NOCASE, v, b BLOB, r REAL) WITHOUT ROWID");
                s.execute("INSERT INTO t VALUES ('b', 9223372036854775807, x'', -0.0), ('C', CAST(x'ff61' AS TEXT), x'00ff', 1e300),"
                        + " ('a', '', NULL, 0.1), ('é', 'x\uFFFDy', x'01', NULL), ('z', NULL, zeroblob(0), 2.5),"
                        + " ('\uD834\uDD1E', -9223372036854775808, x'7f', 3), ('D', 1.5, 'text in blob', 4)");
                s.execute("CREATE TABLE n(msg TEXT, n INTEGER)");
                s.execute("INSERT INTO n VALUES ('one', 1), (NULL, NULL), ('three', 3)");
            }
            for (String table : List.of("t", "n")) {
                TableSchema schema = new SqliteSchemaReader(c, "app").read(table, true);
                Map<String, PgType> types = new LinkedHashMap<>();
                if (schema.usesRowid()) {
                    types.put(TableSchema.ROWID, PgType.BIGINT);
                }
                schema.columns().forEach(col -> types.put(col.name(), PgTypeMapping.targetType(col, null)));
                MappedTable t = new MappedTable("app", "topic", "public", table, schema, types);
                SourceRowReader reader = new SourceRowReader(c, 2); // pages of 2: several pages, cursors between them
                List<Row> scanned = new ArrayList<>();
                try (RowCursor cur = reader.scan(t)) {
                    for (Row r = cur.next(); r != null; r = cur.next()) {
                        scanned.add(r);
                    }
                }
                assertThat(scanned).hasSize(table.equals("t") ? 7 : 3);
                for (int i = 1; i < scanned.size(); i++) {
                    assertThat(KeyOrder.INSTANCE.compare(scanned.get(i - 1).key(), scanned.get(i).key())).isNegative();
                }
                for (Row r : scanned) {
                    assertThat(reader.find(t, r.sourceKey())).as("%s %s", table, r.key()).contains(r);
                }
            }
        }
    }
}
