package io.cutover.control;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The end offset of every partition of the topics a pattern names, as the drains compare them with stored positions. */
public final class TopicEnds {
    private TopicEnds() {
    }

    public static Map<TopicPartition, Long> of(Admin admin, Pattern topics) throws Exception {
        var names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> topics.matcher(t).matches()).toList();
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> req.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, r) -> out.put(tp, r.offset()));
        return out;
    }
}
