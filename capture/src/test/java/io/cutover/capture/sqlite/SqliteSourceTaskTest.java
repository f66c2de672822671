package io.cutover.capture.sqlite;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteSourceTaskTest {
    @TempDir
    Path dir;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SqliteSourceTask task = new SqliteSourceTask();

    @BeforeEach
    void metrics() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void stop() {
        task.stop();
        Metrics.removeRegistry(registry);
    }

    private void start(Path db, String source) {
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                return null;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return null;
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        return Map.of();
                    }
                };
            }
        });
        task.start(Map.of(SqliteConnectorConfig.SOURCE_NAME, source, SqliteConnectorConfig.PATH, db.toString(),
                SqliteConnectorConfig.BUSY_TIMEOUT_MS, "50", SqliteConnectorConfig.POLL_INTERVAL_MS, "10"));
    }

    @Test
    void appHoldingTheWriteLockIsRetriedNotFatal() throws Exception {
        Path db = dir.resolve("busy.db");
        try (Connection app = TestDb.app(db)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)", "INSERT INTO t VALUES (1, 'a')");
            start(db, "busy");
            TestDb.exec(app, "BEGIN EXCLUSIVE", "INSERT INTO t VALUES (2, 'b')");
            assertThat(task.poll()).isNull(); // rollback-journal mode: even reads wait for an exclusive lock
            assertThat(registry.get("cutover.capture.errors").tag("source", "busy").tag("kind", "busy").counter().count())
                    .isGreaterThanOrEqualTo(1);
            TestDb.exec(app, "COMMIT");
            List<SourceRecord> records = task.poll();
            assertThat(records).isNotEmpty();
            records.forEach(r -> task.commitRecord(r, null));
            assertThat(registry.get("cutover.capture.snapshot.rows").tag("source", "busy").tag("table", "t").counter().count())
                    .isEqualTo(2);
            assertThat(records.get(0).headers().lastWithName("cutover.schema")).isNotNull();
        }
    }

    @Test
    void aBusyAppDelaysTheStartButDoesNotFailIt() throws Exception {
        Path db = dir.resolve("busystart.db");
        try (Connection app = TestDb.app(db)) {
            TestDb.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY)", "BEGIN EXCLUSIVE", "INSERT INTO t VALUES (1)");
            Thread releaser = new Thread(() -> {
                try {
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                            registry.find("cutover.capture.errors").tag("source", "bs").tag("kind", "busy").counter() != null);
                    TestDb.exec(app, "COMMIT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            releaser.start();
            start(db, "bs");
            releaser.join();
            assertThat(task.poll()).hasSize(1);
        }
    }

    @Test
    void droppedAndRenamedTablesAreReported() throws Exception {
        Path db = dir.resolve("drop.db");
        try (Connection app = TestDb.app(db)) {
            TestDb.exec(app, "CREATE TABLE a(id INTEGER PRIMARY KEY)", "CREATE TABLE b(id INTEGER PRIMARY KEY)",
                    "INSERT INTO b VALUES (1)");
            start(db, "drop");
            while (task.poll() != null) {
                // drain the snapshot
            }
            TestDb.exec(app, "DROP TABLE a", "ALTER TABLE b RENAME TO c");
            List<SourceRecord> records = task.poll();
            assertThat(records).extracting(SourceRecord::topic).containsExactly("cutover.drop.c");
            assertThat(registry.get("cutover.capture.errors").tag("source", "drop").tag("kind", "table_dropped").counter().count())
                    .isEqualTo(2);
        }
    }

    @Test
    void aMissingFileIsFatal() {
        assertThatThrownBy(() -> start(dir.resolve("missing.db"), "missing"))
                .isInstanceOf(ConnectException.class).hasMessageContaining("does not exist");
    }
}
