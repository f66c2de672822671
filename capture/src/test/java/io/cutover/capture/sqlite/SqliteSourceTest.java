package io.cutover.capture.sqlite;

import io.cutover.capture.CaptureMetrics;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.Op;
import io.cutover.core.schema.StorageClass;
import io.cutover.core.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteSourceTest {
    @TempDir
    Path dir;

    private SqliteConnectorConfig cfg(Path f) {
        return SqliteConnectorConfig.from(Map.of(SqliteConnectorConfig.SOURCE_NAME, "app",
                SqliteConnectorConfig.PATH, f.toString(), SqliteConnectorConfig.SNAPSHOT_CHUNK, "3",
                SqliteConnectorConfig.STREAM_BATCH, "4", SqliteConnectorConfig.EXCLUDE, "[\"skipped\"]"));
    }

    /** Last value per (table, key JSON); deletes remove the key. */
    private static void apply(Map<String, Map<String, Object>> state, List<SqliteSource.Emit> out) {
        for (SqliteSource.Emit e : out) {
            String k = e.event().source().table() + new String(EnvelopeCodec.encodeKey(e.event().key()));
            if (e.event().isDelete()) {
                state.remove(k);
            } else {
                state.put(k, e.event().after());
            }
        }
    }

    private static List<SqliteSource.Emit> drain(SqliteSource s, Map<String, Map<String, Object>> state) throws Exception {
        List<SqliteSource.Emit> all = new ArrayList<>();
        for (List<SqliteSource.Emit> out = s.next(); !out.isEmpty(); out = s.next()) {
            apply(state, out);
            all.addAll(out);
        }
        return all;
    }

    @Test
    void snapshotThenStreamConvergesAndDeletesOnlyAcknowledgedRows() throws Exception {
        Path f = dir.resolve("a.db");
        try (Connection app = TestDb.app(f)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)", "CREATE TABLE skipped(x)",
                    "CREATE TABLE nokey(v)");
            for (int i = 1; i <= 7; i++) {
                TestDb.exec(app, "INSERT INTO t VALUES (" + i + ", 'v" + i + "')", "INSERT INTO nokey VALUES (" + i + ")");
            }
            Map<String, Map<String, Object>> state = new HashMap<>();
            try (SqliteSource s = new SqliteSource(cfg(f), new CaptureMetrics("app"), new CaptureOffsets())) {
                List<SqliteSource.Emit> first = s.next();
                assertThat(first).hasSize(3).allSatisfy(e -> assertThat(e.event().op()).isEqualTo(Op.READ));
                apply(state, first);
                // the app writes during the snapshot
                TestDb.exec(app, "UPDATE t SET v = 'changed' WHERE id = 1", "DELETE FROM t WHERE id = 6",
                        "UPDATE t SET id = 70 WHERE id = 7", "INSERT INTO t VALUES (8, x'00')", "DELETE FROM nokey WHERE v = 2");
                List<SqliteSource.Emit> rest = drain(s, state);
                assertThat(rest).extracting(e -> e.event().source().table()).doesNotContain("skipped");
                assertThat(state).hasSize(7 + 6);
                assertThat(state.get("t{\"id\":1}")).containsEntry("v", "changed");
                assertThat(state).containsKey("t{\"id\":70}").doesNotContainKey("t{\"id\":7}").doesNotContainKey("t{\"id\":6}");
                assertThat(state).doesNotContainKey("nokey{\"_rowid\":2}");
                // the BLOB written into an untyped column widened the profile carried in the header
                TableSchema hdr = TableSchema.fromJsonBytes(rest.stream().filter(e -> e.event().source().table().equals("t"))
                        .reduce((a, b) -> b).orElseThrow().schemaHeader());
                assertThat(hdr.column("v").orElseThrow().profile().valueClasses()).contains(StorageClass.BLOB);

                long backlog = s.backlog();
                assertThat(backlog).isEqualTo(6);
                long ack = ((Number) rest.get(rest.size() - 1).offset().get("seq")).longValue();
                s.deleteAcknowledged(ack);
                assertThat(s.backlog()).isZero();
            }
        }
    }

    @Test
    void restartMidSnapshotResumesAfterTheAcknowledgedKey() throws Exception {
        Path f = dir.resolve("b.db");
        try (Connection app = TestDb.app(f)) {
            TestDb.exec(app, "CREATE TABLE p(a TEXT, b INT, PRIMARY KEY(a, b)) WITHOUT ROWID");
            for (int i = 0; i < 8; i++) {
                TestDb.exec(app, "INSERT INTO p VALUES ('k" + (i % 3) + "', " + i + ")");
            }
            Map<String, Object> offset;
            try (SqliteSource s = new SqliteSource(cfg(f), new CaptureMetrics("app"), new CaptureOffsets())) {
                List<SqliteSource.Emit> first = s.next();
                offset = first.get(first.size() - 1).offset();
            }
            TestDb.exec(app, "DELETE FROM p WHERE a = 'k0' AND b = 0"); // before the cursor: changelog covers it
            Map<String, Map<String, Object>> state = new HashMap<>();
            try (SqliteSource s = new SqliteSource(cfg(f), new CaptureMetrics("app"), CaptureOffsets.fromOffset(offset))) {
                List<SqliteSource.Emit> rest = drain(s, state);
                assertThat(rest.stream().filter(e -> e.event().op() == Op.READ)).hasSize(5);
                assertThat(rest).anySatisfy(e -> assertThat(e.event().isDelete()).isTrue());
            }
        }
    }

    @Test
    void newTablesAndAddedColumnsFlowThroughAndSeqNeverGoesBack() throws Exception {
        Path f = dir.resolve("d.db");
        try (Connection app = TestDb.app(f)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)", "INSERT INTO t VALUES (1, 'a')");
            Map<String, Map<String, Object>> state = new HashMap<>();
            try (SqliteSource s = new SqliteSource(cfg(f), new CaptureMetrics("app"), new CaptureOffsets())) {
                List<SqliteSource.Emit> all = new ArrayList<>(drain(s, state));
                TestDb.exec(app, "INSERT INTO t VALUES (2, 'b')", "CREATE TABLE later(k TEXT PRIMARY KEY)",
                        "INSERT INTO later VALUES ('x')", "ALTER TABLE t ADD COLUMN extra INTEGER DEFAULT 5",
                        "UPDATE t SET extra = 6 WHERE id = 1");
                all.addAll(drain(s, state));
                assertThat(state).containsKey("later{\"k\":\"x\"}");
                assertThat(state.get("t{\"id\":1}")).containsEntry("extra", 6L);
                assertThat(state.get("t{\"id\":2}")).containsEntry("extra", 5L);
                assertThat(all).extracting(e -> e.event().source().seq()).isSorted();

                // a new table's snapshot alternates with streaming of the others
                TestDb.exec(app, "CREATE TABLE big(k INTEGER PRIMARY KEY)",
                        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 30) INSERT INTO big SELECT i FROM s");
                List<SqliteSource.Emit> first = s.next();
                assertThat(first).extracting(e -> e.event().source().table()).containsOnly("big");
                TestDb.exec(app, "UPDATE t SET v = 'during' WHERE id = 1");
                List<SqliteSource.Emit> second = s.next();
                assertThat(second).extracting(e -> e.event().source().table()).containsExactly("t");
                drain(s, state);
            }
        }
    }

    @Test
    void aRefreshInterruptedByTheAppsWriteLockIsDoneAgain() throws Exception {
        Path f = dir.resolve("e.db");
        try (Connection app = TestDb.app(f)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
            SqliteConnectorConfig quick = SqliteConnectorConfig.from(Map.of(SqliteConnectorConfig.SOURCE_NAME, "app",
                    SqliteConnectorConfig.PATH, f.toString(), SqliteConnectorConfig.BUSY_TIMEOUT_MS, "50"));
            Map<String, Map<String, Object>> state = new HashMap<>();
            try (SqliteSource s = new SqliteSource(quick, new CaptureMetrics("app"), new CaptureOffsets())) {
                drain(s, state);
                TestDb.exec(app, "CREATE TABLE t2(id INTEGER PRIMARY KEY)", "INSERT INTO t2 VALUES (1)",
                        "BEGIN IMMEDIATE", "INSERT INTO t VALUES (1)");
                org.assertj.core.api.Assertions.assertThatThrownBy(s::next).satisfies(e -> assertThat(SqliteFiles.isBusy(e)).isTrue());
                TestDb.exec(app, "COMMIT", "INSERT INTO t2 VALUES (2)");
                drain(s, state);
                assertThat(state).containsKeys("t2{\"id\":1}", "t2{\"id\":2}");
            }
        }
    }

    @Test
    void rebuiltTableGetsTriggersAgainAndIsResnapshotted() throws Exception {
        Path f = dir.resolve("c.db");
        try (Connection app = TestDb.app(f)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            Map<String, Map<String, Object>> state = new HashMap<>();
            try (SqliteSource s = new SqliteSource(cfg(f), new CaptureMetrics("app"), new CaptureOffsets())) {
                drain(s, state);
                TestDb.exec(app, "BEGIN", "CREATE TABLE t_new(id INTEGER PRIMARY KEY, v, extra DEFAULT 'x')",
                        "INSERT INTO t_new(id, v) SELECT id, v FROM t", "DROP TABLE t", "ALTER TABLE t_new RENAME TO t", "COMMIT",
                        "INSERT INTO t VALUES (3, 'c', 'y')");
                drain(s, state);
                assertThat(state.get("t{\"id\":1}")).containsEntry("extra", "x");
                assertThat(state.get("t{\"id\":3}")).containsEntry("extra", "y");
                TestDb.exec(app, "UPDATE t SET v = 'z' WHERE id = 2");
                drain(s, state);
                assertThat(state.get("t{\"id\":2}")).containsEntry("v", "z");
            }
        }
    }
}
