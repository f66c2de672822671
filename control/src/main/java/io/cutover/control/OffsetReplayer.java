package io.cutover.control;

import io.cutover.core.control.ControlSchema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Moves the applier's stored positions of one table's topic, the way
 * {@code kafka-consumer-groups --reset-offsets} moves a group's: a plan first, applied only when asked.
 * The positions live in Postgres, so a running applier notices within seconds (it compares its
 * positions with the stored ones every 2 s, and its next compare-and-set would fail anyway),
 * re-seeks, and replays from there; nothing needs to be stopped. Replaying
 * is safe because applying is idempotent per key: each key ends at its latest change.
 */
public final class OffsetReplayer {
    /** Where to move to. */
    public sealed interface Target {
        record Earliest() implements Target {
        }

        record AtTime(Instant at) implements Target {
        }

        record Back(Duration by) implements Target {
        }

        record Offset(long offset) implements Target {
        }
    }

    /** One partition's move. */
    public record Move(TopicPartition partition, Long from, long to) {
    }

    private final Admin admin;
    private final DataSource pool;
    private final ControlSchema control;
    private final String group;

    public OffsetReplayer(Admin admin, DataSource pool, ControlSchema control, String group) {
        this.admin = admin;
        this.pool = pool;
        this.control = control;
        this.group = group;
    }

    public List<Move> plan(String topic, Target target) throws Exception {
        var desc = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (var p : desc.partitions()) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
            if (target instanceof Target.AtTime t) {
                wanted.put(tp, OffsetSpec.forTimestamp(t.at().toEpochMilli()));
            } else if (target instanceof Target.Back b) {
                wanted.put(tp, OffsetSpec.forTimestamp(Instant.now().minus(b.by()).toEpochMilli()));
            }
        }
        var low = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
        var high = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        var at = wanted.isEmpty() ? Map.<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo>of()
                : admin.listOffsets(wanted).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> stored = stored(topic);
        List<Move> moves = new ArrayList<>();
        for (TopicPartition tp : earliest.keySet().stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList()) {
            long lo = low.get(tp).offset();
            long hi = high.get(tp).offset();
            long to;
            if (target instanceof Target.Earliest) {
                to = lo;
            } else if (target instanceof Target.Offset o) {
                to = Math.max(lo, Math.min(hi, o.offset()));
            } else {
                // No record at or after the time: nothing to replay on this partition.
                to = at.get(tp).offset() < 0 ? hi : at.get(tp).offset();
            }
            moves.add(new Move(tp, stored.get(tp), to));
        }
        return moves;
    }

    /** Stores the planned positions in one transaction. */
    public void execute(List<Move> moves) throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + control.qualified("applied_offsets")
                    + " (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?) ON CONFLICT (group_id, topic, "
                    + "partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()")) {
                for (Move m : moves) {
                    ps.setString(1, group);
                    ps.setString(2, m.partition().topic());
                    ps.setInt(3, m.partition().partition());
                    ps.setLong(4, m.to());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private Map<TopicPartition, Long> stored(String topic) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT partition, "
                + "next_offset FROM " + control.qualified("applied_offsets") + " WHERE group_id = ? AND topic = ?")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new TopicPartition(topic, rs.getInt(1)), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
