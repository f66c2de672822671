package io.cutover.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Counts, with a Postgres trigger, how often each version of each row was applied, and compares that
 * with how often the version was sent: a version applied more often than its events on the topic is a
 * duplicate the applier made (a batch committed twice, a re-seek that replayed committed records).
 * Capture may legitimately send a version twice after a crash (at least once to Kafka); each copy on
 * the topic may then be applied once. Every row carries {@code ver}, raised by each update.
 */
final class ApplicationAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the audit found. */
    record Result(long applications, long versionsSent, long duplicated, long resent, List<String> examples) {
    }

    /** The table's key columns, in key order; the audit joins their values with '|'. */
    static void install(Connection c, Map<String, List<String>> keysByTable) throws Exception {
        try (var st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS chaos_audit");
            st.execute("CREATE TABLE IF NOT EXISTS chaos_audit.applied (tbl text, k text, ver bigint)");
            st.execute("CREATE OR REPLACE FUNCTION chaos_audit.record() RETURNS trigger AS $$ "
                    + "DECLARE j jsonb := to_jsonb(NEW); k text := ''; "
                    + "BEGIN FOR i IN 0..TG_NARGS - 1 LOOP "
                    + "k := k || CASE WHEN i > 0 THEN '|' ELSE '' END || (j ->> TG_ARGV[i]); END LOOP; "
                    + "INSERT INTO chaos_audit.applied VALUES (TG_TABLE_NAME, k, (j ->> 'ver')::bigint); RETURN NEW; "
                    + "END $$ LANGUAGE plpgsql");
            for (var e : keysByTable.entrySet()) {
                st.execute("CREATE TRIGGER chaos_audit AFTER INSERT OR UPDATE ON public." + e.getKey()
                        + " FOR EACH ROW EXECUTE FUNCTION chaos_audit.record('" + String.join("', '", e.getValue()) + "')");
            }
        }
    }

    /** Compares the applications with the events on {@code <prefix>.<source>.<table>} for each table. */
    static Result check(Connection c, String bootstrap, Map<String, String> topicByTable) throws Exception {
        Map<String, Long> applied = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT tbl || ' ' || k || ' v' || ver, count(*) FROM chaos_audit.applied GROUP BY 1")) {
            while (rs.next()) {
                applied.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, Long> sent = new HashMap<>();
        for (var e : topicByTable.entrySet()) {
            sentVersions(bootstrap, e.getValue(), e.getKey(), sent);
        }
        long duplicated = 0;
        long applications = 0;
        List<String> examples = new ArrayList<>();
        for (var a : applied.entrySet()) {
            applications += a.getValue();
            long times = sent.getOrDefault(a.getKey(), 0L);
            if (a.getValue() > times) {
                duplicated += a.getValue() - times;
                if (examples.size() < 10) {
                    examples.add(a.getKey() + " applied " + a.getValue() + "x, sent " + times + "x");
                }
            }
        }
        long resent = sent.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        return new Result(applications, sent.size(), duplicated, resent, examples);
    }

    private static void sentVersions(String bootstrap, String topic, String table, Map<String, Long> sent) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            while (parts.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.value() == null) {
                        continue; // a delete's tombstone
                    }
                    JsonNode after = JSON.readTree(r.value()).path("after");
                    if (after.isMissingNode() || after.isNull()) {
                        continue;
                    }
                    List<String> key = new ArrayList<>();
                    JSON.readTree(r.key()).elements().forEachRemaining(v -> key.add(v.asText()));
                    sent.merge(table + " " + String.join("|", key) + " v" + after.path("ver").asText(), 1L, Long::sum);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
