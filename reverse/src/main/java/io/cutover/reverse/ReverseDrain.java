package io.cutover.reverse;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How far behind the reverse path is, and the wait for it to reach zero. Lag is Kafka's end offsets
 * of the reverse topics against the positions stored in the SQLite files and beside the JSON sources
 * ({@link JsonReverseOffsets}), so it works wherever the
 * reverse path runs. Draining to zero first proves that capture has sent everything committed on
 * Postgres before the call: a token written into the marker table travels through the slot behind
 * every earlier commit and reaches the marker topic only once those are in Kafka.
 */
public final class ReverseDrain {
    private final ReverseSettings settings;
    private final Admin admin;

    public ReverseDrain(ReverseSettings settings, Admin admin) {
        this.settings = settings;
        this.admin = admin;
    }

    /** End offset minus stored position per reverse topic partition. */
    public Map<TopicPartition, Long> lag() throws Exception {
        Map<String, Long> stored = storedOffsets();
        Map<TopicPartition, Long> lag = new HashMap<>();
        endOffsets().forEach((tp, end) -> lag.put(tp, Math.max(0, end - stored.getOrDefault(tp.topic() + "/" + tp.partition(), 0L))));
        lag.forEach((tp, l) -> ReverseMetrics.lag(tp.topic(), l));
        return lag;
    }

    /**
     * Waits until every change committed on Postgres before this call is written back.
     *
     * @param pg a connection to the migrated database (autocommit)
     */
    public void await(Connection pg, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String token = UUID.randomUUID().toString();
        Map<String, Object> p = new HashMap<>(settings.kafkaProperties());
        p.put("bootstrap.servers", settings.bootstrapServers());
        p.put("enable.auto.commit", false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Positioned before the token is written, so waiting for it costs no consumer start-up.
            TopicPartition tp = new TopicPartition(settings.markerTopic(), 0);
            c.assign(List.of(tp));
            c.position(tp, Duration.ofSeconds(30));
            try (PreparedStatement ps = pg.prepareStatement("INSERT INTO " + settings.control().qualified(ReplicationSetup.MARKER_TABLE)
                    + " (id, token) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET token = excluded.token")) {
                ps.setString(1, token);
                ps.executeUpdate();
            }
            awaitMarker(c, token, deadline, timeout);
        }
        Map<TopicPartition, Long> end = endOffsets();
        while (true) {
            Map<String, Long> stored = storedOffsets();
            List<String> behind = end.entrySet().stream()
                    .filter(e -> stored.getOrDefault(e.getKey().topic() + "/" + e.getKey().partition(), 0L) < e.getValue())
                    .map(e -> e.getKey() + " at " + stored.getOrDefault(e.getKey().topic() + "/" + e.getKey().partition(), 0L)
                            + " of " + e.getValue()).collect(Collectors.toList());
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the reverse applier did not write everything back within "
                        + timeout.toMillis() + " ms; behind: " + String.join(", ", behind)
                        + ". Is `cutover run` running with reverse.enabled?");
            }
            Thread.sleep(20); // waiting on another thread or process, bounded by the deadline
        }
    }

    private void awaitMarker(KafkaConsumer<byte[], byte[]> c, String token, long deadline, Duration timeout) {
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                if (r.value() != null && token.equals(new String(r.value(), StandardCharsets.UTF_8))) {
                    return;
                }
            }
        }
        throw new IllegalStateException("the reverse capture did not pass the drain marker within " + timeout.toMillis()
                + " ms: is `cutover run` running with reverse.enabled, and is replication slot " + settings.slotName()
                + " active (SELECT active FROM pg_replication_slots)?");
    }

    private Map<String, Long> storedOffsets() throws SQLException, java.io.IOException {
        Map<String, Long> out = new HashMap<>();
        for (var view : settings.jsonSources().values()) {
            out.putAll(JsonReverseOffsets.read(view.stateDir()));
        }
        for (Path db : settings.sqliteSources().values()) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath()); Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                try (ResultSet t = st.executeQuery("SELECT 1 FROM sqlite_master WHERE name = '" + SqliteWriteBack.OFFSETS + "'")) {
                    if (!t.next()) {
                        continue;
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT topic, part, next_offset FROM " + SqliteWriteBack.OFFSETS)) {
                    while (rs.next()) {
                        out.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
                    }
                }
            }
        }
        return out;
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        return io.cutover.control.TopicEnds.of(admin, settings.topics());
    }
}
