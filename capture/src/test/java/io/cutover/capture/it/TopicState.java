package io.cutover.capture.it;

import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.event.ValueCodec;
import io.cutover.core.schema.TableSchema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a topic from the start to its end: the last value per key, a tombstone removing the key. */
final class TopicState {
    final Map<String, String> rows = new HashMap<>();
    final Map<String, ChangeEvent> events = new HashMap<>();
    final Map<String, TableSchema> schemas = new HashMap<>();
    int records;
    int tombstones;
    int missingHeaders;

    static TopicState read(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        TopicState s = new TopicState();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return s;
            }
            List<TopicPartition> tps = new ArrayList<>();
            infos.forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    s.records++;
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        s.tombstones++;
                        s.rows.remove(key);
                        s.events.remove(key);
                        continue;
                    }
                    ChangeEvent e = EnvelopeCodec.decode(r.key(), r.value());
                    Header h = r.headers().lastHeader(TableSchema.HEADER);
                    if (h == null) {
                        s.missingHeaders++;
                    } else {
                        s.schemas.put(key, TableSchema.fromJsonBytes(h.value()));
                    }
                    if (e.isDelete()) {
                        s.rows.remove(key);
                        s.events.remove(key);
                    } else {
                        s.rows.put(key, ValueCodec.encodeRow(e.after()).toString());
                        s.events.put(key, e);
                    }
                }
            }
        }
        return s;
    }


}
