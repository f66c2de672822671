package io.cutover.cli.corpus;

import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresFixture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * One bad-input case's pipeline: capture and the applier on the test's own topic prefix, Postgres
 * schema and control schema, with the applier dead-lettering what Postgres rejects (the default), so
 * that a case shows both what arrives and what is reported, and that the rest keeps flowing.
 */
final class CorpusPipeline implements AutoCloseable {
    final String prefix = "bad" + UUID.randomUUID().toString().substring(0, 8);
    final CaptureRunner capture;
    final Applier applier;
    private final KafkaFixture kafka;
    private final PostgresFixture pg;

    private CorpusPipeline(KafkaFixture kafka, PostgresFixture pg, Path dir, List<CaptureSettings.Sqlite> sqlite,
                           List<CaptureSettings.JsonDir> json, Map<String, String> columnTypes) {
        this.kafka = kafka;
        this.pg = pg;
        this.capture = new CaptureRunner(new CaptureSettings(kafka.bootstrapServers(), Map.of(), prefix, 1, (short) 1,
                Duration.ofHours(1), dir.resolve("state-" + prefix), sqlite, 100, 200, Duration.ofMillis(50), json));
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        this.applier = new Applier(new ApplierSettings(kafka.bootstrapServers(), Map.of(), prefix, prefix + "-applier",
                pg.jdbcUrl(), p, prefix, "cutover_" + prefix, columnTypes, ApplierSettings.ErrorsMode.CONTINUE, 500,
                Duration.ofMillis(100)));
    }

    /** Captures one SQLite file as source {@code app}. */
    static CorpusPipeline sqlite(KafkaFixture kafka, PostgresFixture pg, Path dir, Path db, Map<String, String> columnTypes) {
        return new CorpusPipeline(kafka, pg, dir, List.of(new CaptureSettings.Sqlite("app", db, List.of(), List.of(), false)),
                List.of(), columnTypes);
    }

    /** Captures one directory of JSON files as source {@code files}; no mappings: every file inferred. */
    static CorpusPipeline json(KafkaFixture kafka, PostgresFixture pg, Path dir, Path data, List<JsonFileMapping> files) {
        return new CorpusPipeline(kafka, pg, dir, List.of(), List.of(new CaptureSettings.JsonDir("files", data, files)),
                Map.of());
    }

    CorpusPipeline start() throws Exception {
        capture.start();
        applier.start();
        return this;
    }

    /** Every row of a migrated table, ordered by the given SQL expression, as JDBC returns its values. */
    List<Map<String, Object>> rows(String table, String orderBy) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = pg.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT * FROM "
                + q(prefix) + "." + q(table) + " ORDER BY " + orderBy)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** Waits until the table holds exactly this many rows. */
    void awaitRows(String table, String orderBy, int count) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> rows(table, orderBy).size() == count);
    }

    /** Waits for at least {@code count} dead letters of this pipeline; each as its headers (name to UTF-8 text). */
    List<Map<String, String>> awaitDeadLetters(int count) {
        List<Map<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.consumerProps(prefix + "-dlq-reader"))) {
            c.subscribe(List.of(prefix + ".dlq"));
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    Map<String, String> h = new LinkedHashMap<>();
                    r.headers().forEach(x -> h.put(x.key(), x.value() == null ? null
                            : new String(x.value(), StandardCharsets.UTF_8)));
                    out.add(h);
                }
                return out.size() >= count;
            });
        }
        return out;
    }

    static String q(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        applier.close();
        capture.close();
    }
}
