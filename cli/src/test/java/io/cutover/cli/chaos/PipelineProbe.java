package io.cutover.cli.chaos;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real signals that the pipeline moves: Kafka's end offsets of the change topics (capture
 * produced), the applier's stored offsets in Postgres (applied), and the reconciler's recorded runs.
 * Each call opens its own clients, so a restarted broker or Postgres is simply reached again.
 */
final class PipelineProbe {
    private final ChaosPipeline pipeline;

    PipelineProbe(ChaosPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** End offset per change-topic partition ({@code <prefix>.<source>.<table>}, not the DLQ). */
    Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(ChaosPipeline.PREFIX + ".") && !t.endsWith(".dlq")).collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((t, d) ->
                    d.partitions().forEach(p -> req.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(req).all().get(10, TimeUnit.SECONDS).forEach((tp, i) -> out.put(tp, i.offset()));
            return out;
        }
    }

    long produced() throws Exception {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The applier's stored next offsets, summed over the change topics. */
    long applied() throws Exception {
        return queryLong("SELECT coalesce(sum(next_offset), 0) FROM cutover.applied_offsets WHERE topic LIKE '"
                + ChaosPipeline.PREFIX + ".%' AND topic NOT LIKE '%.dlq' AND group_id = '" + ChaosPipeline.GROUP + "'");
    }

    /** Partitions whose stored position is behind Kafka's end offset. */
    List<String> lagging() throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection c = pipeline.postgres().connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT topic, partition, next_offset FROM cutover.applied_offsets WHERE group_id = '"
                        + ChaosPipeline.GROUP + "'")) {
            while (rs.next()) {
                stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return end.entrySet().stream().filter(e -> e.getValue() > stored.getOrDefault(e.getKey(), 0L))
                .map(e -> e.getKey() + " at " + stored.getOrDefault(e.getKey(), 0L) + " of " + e.getValue()).sorted().toList();
    }

    /** Changes in the SQLite changelog that capture has not had acknowledged by Kafka yet (it keeps the last one). */
    long changelogBacklog() throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + pipeline.sqliteFile());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM _cutover_changes")) {
            rs.next();
            return Math.max(0, rs.getLong(1) - 1);
        }
    }

    /** The id of the reconciler's latest recorded pass (0 before the first). */
    long reconcileRuns() throws Exception {
        return queryLong("SELECT coalesce(max(id), 0) FROM cutover.reconcile_runs");
    }

    /** Dead-lettered records would be lost rows: the DLQ's end offset (0 when it does not exist). */
    long deadLetters() throws Exception {
        return endOffsetsOf(ChaosPipeline.PREFIX + ".dlq");
    }

    private long endOffsetsOf(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrap()))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(req).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    private long queryLong(String sql) throws Exception {
        try (Connection c = pipeline.postgres().connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
