package io.cutover.control;

import io.cutover.core.control.ControlSchema;
import io.cutover.core.schema.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Lag in events between the change topics and the applier's stored positions: what {@code status}
 * shows and what the write switch waits to reach zero. Uses Kafka's end offsets and
 * {@code <control>.applied_offsets}, never the applier's process, so it works wherever the applier runs.
 */
public final class TopicDrain {
    private final Admin admin;
    private final DataSource pool;
    private final ControlSchema control;
    private final String prefix;
    private final String group;

    public TopicDrain(Admin admin, DataSource pool, ControlSchema control, String prefix, String group) {
        this.admin = admin;
        this.pool = pool;
        this.control = control;
        this.prefix = prefix;
        this.group = group;
    }

    /** End offset minus stored position, per partition of every change topic. */
    public Map<TopicPartition, Long> lag() throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT topic, partition, "
                + "next_offset FROM " + control.qualified("applied_offsets") + " WHERE group_id = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        Map<TopicPartition, Long> lag = new HashMap<>();
        end.forEach((tp, e) -> lag.put(tp, Math.max(0, e - stored.getOrDefault(tp, 0L))));
        return lag;
    }

    /** Waits until every change topic is applied to its end as it was when called. */
    public void await(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> lag = lag();
        while (lag.values().stream().anyMatch(l -> l > 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the applier did not catch up within " + timeout.toMillis() + " ms; "
                        + "still behind: " + lag.entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(e -> e.getKey() + " by " + e.getValue()).collect(Collectors.joining(", "))
                        + ". Is `cutover run` (or `cutover apply`) running with applier.group-id " + group + "?");
            }
            Thread.sleep(10); // waiting on another process; 10 ms is well below the freeze target
            lag = lag();
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        return TopicEnds.of(admin, TopicNames.changeTopics(prefix));
    }
}
