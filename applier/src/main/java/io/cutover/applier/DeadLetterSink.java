package io.cutover.applier;

import io.cutover.core.event.RecordSize;
import io.cutover.core.log.Secrets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Sends records Postgres rejected to {@code <prefix>.dlq}, with the original key and value and
 * headers saying what failed and where the record came from. Sent and acknowledged before the
 * batch commits, so a crash in between gives a duplicate dead letter, never a lost one.
 */
final class DeadLetterSink implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    private final Map<String, Object> adminProps;
    private boolean topicReady;

    DeadLetterSink(KafkaProducer<byte[], byte[]> producer, String topic, Map<String, Object> adminProps) {
        this.producer = producer;
        this.topic = topic;
        this.adminProps = adminProps;
    }

    /**
     * Before the first dead letter, makes sure the topic takes records as large as capture produces:
     * a topic auto-created (by any client reading it first) keeps the broker's 1 MB limit, would refuse
     * a large rejected row, and so stop the applier. Creates it, or raises the limit of an existing one;
     * the cluster's defaults decide partitions and replication.
     */
    private void ensureTopic() throws InterruptedException {
        if (topicReady) {
            return;
        }
        String max = Integer.toString(RecordSize.MAX_BYTES);
        try (Admin admin = Admin.create(adminProps)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())
                        .configs(Map.of(MAX_MESSAGE_BYTES, max)))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                String now = admin.describeConfigs(List.of(r)).all().get().get(r).get(MAX_MESSAGE_BYTES).value();
                if (Long.parseLong(now) < RecordSize.MAX_BYTES) {
                    admin.incrementalAlterConfigs(Map.of(r, List.of(new AlterConfigOp(
                            new ConfigEntry(MAX_MESSAGE_BYTES, max), AlterConfigOp.OpType.SET)))).all().get();
                }
            }
        } catch (ExecutionException e) {
            // Without the rights to create or alter topics (a locked-down cluster where an admin made the
            // topic), the send below still works when the topic is fit; when it is not, its error says so.
            LOG.warn("could not prepare the dead-letter topic {} for records up to {} bytes ({}); sending anyway",
                    topic, max, Secrets.mask(String.valueOf(e.getCause().getMessage())));
        }
        topicReady = true;
    }

    void send(ConsumerRecord<byte[], byte[]> r, String table, RecordRejected error) {
        RecordHeaders h = new RecordHeaders();
        r.headers().forEach(h::add);
        h.add("cutover.error", utf8(Secrets.mask(String.valueOf(error.getMessage()))));
        h.add("cutover.origin.topic", utf8(r.topic()));
        h.add("cutover.origin.partition", utf8(Integer.toString(r.partition())));
        h.add("cutover.origin.offset", utf8(Long.toString(r.offset())));
        h.add("cutover.table", utf8(table == null ? "" : table));
        h.add("cutover.key", r.key() == null ? new byte[0] : r.key());
        if (error.column() != null) {
            h.add("cutover.column", utf8(error.column()));
        }
        try {
            ensureTopic();
            producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), h)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + r.topic() + "@" + r.offset(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to the dead-letter topic " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
