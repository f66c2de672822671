package io.cutover.applier;

import io.cutover.core.control.ControlSchema;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The applier's positions, in Postgres next to the rows they cover. Every advance is a
 * compare-and-set from the position this consumer last saw: a consumer that lost a partition to
 * another can never overwrite the newer position, its transaction fails the check and rolls back.
 */
final class AppliedOffsetStore {
    /** Marks a partition with no stored position yet. */
    static final long NONE = -1;
    private final String table;
    private final String group;

    AppliedOffsetStore(ControlSchema control, String group) {
        this.table = control.qualified("applied_offsets");
        this.group = group;
    }

    Map<TopicPartition, Long> load(Connection c, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT next_offset FROM " + table
                + " WHERE group_id = ? AND topic = ? AND partition = ?")) {
            for (TopicPartition tp : partitions) {
                ps.setString(1, group);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    out.put(tp, rs.next() ? rs.getLong(1) : NONE);
                }
            }
        }
        return out;
    }

    /** Moves a position from {@code expected} to {@code next}; false when someone else moved it. */
    boolean advance(Connection c, TopicPartition tp, long expected, long next) throws SQLException {
        String sql = expected == NONE
                ? "INSERT INTO " + table + " (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING"
                : "UPDATE " + table + " SET next_offset = ?, updated_at = now() "
                + "WHERE group_id = ? AND topic = ? AND partition = ? AND next_offset = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (expected == NONE) {
                ps.setString(1, group);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                ps.setLong(4, next);
            } else {
                ps.setLong(1, next);
                ps.setString(2, group);
                ps.setString(3, tp.topic());
                ps.setInt(4, tp.partition());
                ps.setLong(5, expected);
            }
            return ps.executeUpdate() == 1;
        }
    }
}
