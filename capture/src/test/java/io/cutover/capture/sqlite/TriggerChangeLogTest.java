package io.cutover.capture.sqlite;

import io.cutover.core.event.InvalidText;
import io.cutover.core.schema.TableSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerChangeLogTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("app.db");
    }

    private List<TableSchema> install(Connection cap, String... tables) throws Exception {
        SqliteSchemaReader r = new SqliteSchemaReader(cap, "s");
        List<TableSchema> ts = new ArrayList<>();
        for (String t : tables) {
            ts.add(r.read(t, false));
        }
        new TriggerInstaller(cap).install(ts);
        return ts;
    }

    @Test
    void triggersRecordKeysAndKeyChangesAsDeletePlusUpsert() throws Exception {
        try (Connection app = TestDb.app(file); Connection cap = SqliteFiles.open(file, 1000)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            install(cap, "t");
            TestDb.exec(app, "INSERT INTO t VALUES (1, 'a')", "UPDATE t SET v = 'b' WHERE id = 1",
                    "UPDATE t SET id = 2 WHERE id = 1", "DELETE FROM t WHERE id = 2");
            List<SqliteChangeLog.Change> ch = new SqliteChangeLog(cap, 10).read(0, 100);
            assertThat(ch).extracting(SqliteChangeLog.Change::op).containsExactly("c", "u", "d", "u", "d");
            assertThat(ch).extracting(c -> KeyCodec.decode(c.pk()).get(0)).containsExactly(1L, 1L, 1L, 2L, 2L);
        }
    }

    @Test
    void oddKeysSurviveTheTrigger() throws Exception {
        try (Connection app = TestDb.app(file); Connection cap = SqliteFiles.open(file, 1000)) {
            TestDb.exec(app, "CREATE TABLE \"we\"\"ird tåble\"(\"select\" , \"k 2\", v, PRIMARY KEY(\"select\", \"k 2\")) WITHOUT ROWID");
            List<TableSchema> ts = install(cap, "we\"ird tåble");
            TestDb.exec(app, "INSERT INTO \"we\"\"ird tåble\" VALUES (1, '1', 0), (x'00ff', CAST(x'c328' AS TEXT), 1),"
                    + " (0.30000000000000004, 'x', 2), (1e999, '', 3), (-1e999, 'it''s \"q\"', 4)");
            List<List<Object>> keys = new SqliteChangeLog(cap, 10).read(0, 100).stream()
                    .map(c -> KeyCodec.decode(c.pk())).toList();
            assertThat(keys.get(0)).containsExactly(1L, "1"); // integer and text stay apart
            assertThat((byte[]) keys.get(1).get(0)).containsExactly(0, 0xff);
            assertThat(keys.get(1).get(1)).isEqualTo(new InvalidText(new byte[]{(byte) 0xc3, 0x28}));
            assertThat(keys.get(2).get(0)).isEqualTo(0.30000000000000004);
            assertThat(keys.get(3)).containsExactly(Double.POSITIVE_INFINITY, "");
            assertThat(keys.get(4)).containsExactly(Double.NEGATIVE_INFINITY, "it's \"q\"");
            // every recorded key finds its row again
            SnapshotReader reader = new SnapshotReader(cap);
            for (List<Object> k : keys) {
                assertThat(reader.find(ts.get(0), k)).isPresent();
            }
        }
    }

    @Test
    void rowidTablesRecordRowid() throws Exception {
        try (Connection app = TestDb.app(file); Connection cap = SqliteFiles.open(file, 1000)) {
            TestDb.exec(app, "CREATE TABLE log(msg TEXT)");
            List<TableSchema> ts = install(cap, "log");
            assertThat(ts.get(0).usesRowid()).isTrue();
            TestDb.exec(app, "INSERT INTO log VALUES ('x')", "UPDATE log SET rowid = 10");
            List<SqliteChangeLog.Change> ch = new SqliteChangeLog(cap, 10).read(0, 100);
            assertThat(ch).extracting(c -> c.op() + KeyCodec.decode(c.pk())).containsExactly("c[1]", "d[1]", "u[10]");
            assertThat(new SnapshotReader(cap).find(ts.get(0), List.of(10L)).orElseThrow().after())
                    .containsEntry(TableSchema.ROWID, 10L).containsEntry("msg", "x");
        }
    }

    @Test
    void installIsIdempotentAndReinstallsWhenTheKeyChanges() throws Exception {
        try (Connection app = TestDb.app(file); Connection cap = SqliteFiles.open(file, 1000)) {
            TestDb.exec(app, "CREATE TABLE t(a, b, PRIMARY KEY(a))");
            install(cap, "t");
            TriggerInstaller ti = new TriggerInstaller(cap);
            SqliteSchemaReader r = new SqliteSchemaReader(cap, "s");
            assertThat(ti.install(List.of(r.read("t", false)))).isEmpty();
            // 12-step style rebuild with a new key: triggers are gone with the old table
            TestDb.exec(app, "CREATE TABLE t_new(a, b, PRIMARY KEY(a, b))", "INSERT INTO t_new SELECT * FROM t",
                    "DROP TABLE t", "ALTER TABLE t_new RENAME TO t");
            assertThat(ti.existingTriggers()).isEmpty();
            assertThat(ti.install(List.of(r.read("t", false)))).containsExactly("t");
            TestDb.exec(app, "INSERT INTO t VALUES (1, 2)");
            assertThat(KeyCodec.decode(new SqliteChangeLog(cap, 10).read(0, 10).get(0).pk())).containsExactly(1L, 2L);
        }
    }

    @Test
    void deletesAckedRowsInSmallBatchesAndCoalesces() throws Exception {
        try (Connection app = TestDb.app(file); Connection cap = SqliteFiles.open(file, 1000)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
            install(cap, "t");
            for (int i = 0; i < 25; i++) {
                TestDb.exec(app, "INSERT OR REPLACE INTO t VALUES (" + (i % 5) + ", " + i + ")");
            }
            SqliteChangeLog log = new SqliteChangeLog(cap, 3);
            List<SqliteChangeLog.Change> all = log.read(0, 100);
            List<SqliteChangeLog.KeyChange> co = SqliteChangeLog.coalesce(all);
            assertThat(co).hasSize(5);
            assertThat(co).extracting(SqliteChangeLog.KeyChange::lastSeq).isSorted();
            assertThat(log.backlog()).isEqualTo(all.size());
            assertThat(log.deleteUpTo(all.get(9).seq())).isEqualTo(10);
            assertThat(log.read(0, 100)).first().extracting(SqliteChangeLog.Change::seq).isEqualTo(all.get(10).seq());
            assertThat(log.highWaterMark()).isEqualTo(all.get(all.size() - 1).seq());
        }
    }

    @Test
    void seqNeverGoesBackAfterTheChangelogIsFullyAcknowledged() throws Exception {
        try (Connection app = TestDb.app(file); Connection cap = SqliteFiles.open(file, 1000)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
            install(cap, "t");
            TestDb.exec(app, "INSERT INTO t VALUES (1, 'a')", "INSERT INTO t VALUES (2, 'b')", "INSERT INTO t VALUES (3, 'c')");
            SqliteChangeLog log = new SqliteChangeLog(cap, 2);
            long last = log.highWaterMark();
            log.deleteUpTo(last);
            assertThat(log.backlog()).as("everything acknowledged").isZero();
            assertThat(log.read(last, 10)).isEmpty();
            TestDb.exec(app, "UPDATE t SET v = 'A' WHERE id = 1");
            List<SqliteChangeLog.Change> next = log.read(last, 10);
            assertThat(next).hasSize(1);
            assertThat(next.get(0).seq()).as("a plain INTEGER PRIMARY KEY reuses rowids of an emptied table; "
                    + "keeping the highest row prevents it").isGreaterThan(last);
            assertThat(log.backlog()).isEqualTo(1);
        }
    }

    @Test
    void uninstallLeavesTheDatabaseAsItWas() throws Exception {
        try (Connection app = TestDb.app(file); Connection cap = SqliteFiles.open(file, 1000)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v)", "INSERT INTO t(v) VALUES (1)");
            String before = master(app);
            install(cap, "t");
            TestDb.exec(app, "INSERT INTO t(v) VALUES (2)");
            assertThat(master(app)).isNotEqualTo(before);
            new TriggerInstaller(cap).uninstall();
            assertThat(master(app)).isEqualTo(before);
            try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_sequence")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("t");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    private static String master(Connection c) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY name")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
            }
        }
        return sb.toString();
    }
}
