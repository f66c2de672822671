package io.cutover.reconciler;

import io.cutover.capture.sqlite.TriggerInstaller;
import io.cutover.core.control.ControlSchema;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the pipeline is: the source's changelog position, whether capture has acknowledged up to a
 * position, the end offsets of a topic, and whether the applier's stored offsets have reached them.
 * A change made at or before changelog seq S is in Postgres once capture has acknowledged S (its
 * event is in Kafka) and the applier's offsets in {@code <control>.applied_offsets} have passed the
 * topic's end offsets taken after that.
 */
public final class PipelinePositions {
    private final Consumer<byte[], byte[]> kafka;
    private final ControlSchema control;
    private final String groupId;

    public PipelinePositions(Consumer<byte[], byte[]> kafka, ControlSchema control, String groupId) {
        this.kafka = kafka;
        this.control = control;
        this.groupId = groupId;
    }

    /** The highest changelog seq recorded so far (0 without a changelog). */
    public long changelogHigh(Connection sqlite) throws SQLException {
        if (!hasChangelog(sqlite)) {
            return 0;
        }
        try (Statement s = sqlite.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM " + TriggerInstaller.CHANGES)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Whether capture has acknowledged every change up to {@code seq}: capture deletes acknowledged
     * changelog rows except the highest, which it keeps so that seq never goes back. While
     * {@code seq} is that highest row, deletion cannot tell; after {@code grace} the change is taken
     * as emitted (capture polls every few hundred milliseconds).
     */
    public boolean captureAcknowledged(Connection sqlite, long seq, long ageNanos, Duration grace) throws SQLException {
        if (!hasChangelog(sqlite)) {
            return true;
        }
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT count(*), (SELECT coalesce(max(seq), 0) FROM "
                + TriggerInstaller.CHANGES + ") FROM " + TriggerInstaller.CHANGES + " WHERE seq <= ? AND seq < (SELECT max(seq) FROM "
                + TriggerInstaller.CHANGES + ")")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean olderGone = rs.getLong(1) == 0;
                boolean moreSince = rs.getLong(2) > seq;
                return olderGone && (moreSince || ageNanos >= grace.toNanos());
            }
        }
    }

    /** End offsets of every partition of {@code topic} now (empty when the topic does not exist). */
    public Map<Integer, Long> endOffsets(String topic) {
        List<PartitionInfo> parts = kafka.partitionsFor(topic, Duration.ofSeconds(10));
        Map<Integer, Long> out = new HashMap<>();
        if (parts == null || parts.isEmpty()) {
            return out;
        }
        List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        kafka.endOffsets(tps, Duration.ofSeconds(10)).forEach((tp, off) -> out.put(tp.partition(), off));
        return out;
    }

    /** Whether the applier's stored offsets of {@code topic} have reached {@code end} on every partition. */
    public boolean applied(Connection pg, String topic, Map<Integer, Long> end) throws SQLException {
        Map<Integer, Long> stored = new HashMap<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT partition, next_offset FROM " + control.qualified("applied_offsets")
                + " WHERE group_id = ? AND topic = ?")) {
            ps.setString(1, groupId);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getInt(1), rs.getLong(2));
                }
            }
        } finally {
            if (!pg.getAutoCommit()) {
                pg.rollback();
            }
        }
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static boolean hasChangelog(Connection sqlite) throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, TriggerInstaller.CHANGES);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
