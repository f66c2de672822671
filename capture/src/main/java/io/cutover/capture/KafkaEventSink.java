package io.cutover.capture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Produces the connectors' records to Kafka: idempotent, {@code acks=all}, compressed; creates each
 * topic (compacted, configured partitions) before its first record.
 */
final class KafkaEventSink implements AutoCloseable {
    private final CaptureSettings settings;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final String maxRecordBytes;

    KafkaEventSink(CaptureSettings settings) {
        this.settings = settings;
        Map<String, Object> common = new HashMap<>(settings.kafkaProperties());
        common.put("bootstrap.servers", settings.bootstrapServers());
        this.admin = Admin.create(common);
        Map<String, Object> p = new HashMap<>(common);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cutover-capture");
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Capture waits for each poll's records to be acknowledged before the next poll (offsets and
        // changelog deletes follow acks in order), so a 1,000-row snapshot chunk of ~1 KB records in
        // Kafka's default 16 KB batches is some 60 requests, five in flight: the snapshot waited on
        // them (bin/bench initial-sync). 1 MB batches make a chunk a handful of requests.
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, io.cutover.core.event.RecordSize.MAX_BYTES);
        this.maxRecordBytes = String.valueOf(p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        // Safety settings are not overridable: a lost or reordered change would break convergence.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one record as-is (key and value are the connector's JSON bytes). */
    Future<RecordMetadata> send(SourceRecord r) throws InterruptedException {
        try {
            ensureTopic(r.topic());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + r.topic() + ": " + e.getCause(), e);
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            Object v = h.value();
            headers.add(h.key(), v instanceof byte[] b ? b : v == null ? null : v.toString().getBytes(StandardCharsets.UTF_8));
        }
        return producer.send(new ProducerRecord<>(r.topic(), r.kafkaPartition(), (byte[]) r.key(), (byte[]) r.value(), headers));
    }

    private void ensureTopic(String topic) throws InterruptedException, ExecutionException {
        if (topics.contains(topic)) {
            return;
        }
        NewTopic t = new NewTopic(topic, settings.partitions(), settings.replicationFactor()).configs(Map.of(
                "cleanup.policy", "compact",
                "max.message.bytes", maxRecordBytes,
                "min.compaction.lag.ms", Long.toString(settings.minCompactionLag().toMillis())));
        try {
            admin.createTopics(java.util.List.of(t)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        awaitLeaders(topic);
        topics.add(topic);
    }

    /**
     * Waits until every partition of a new topic can take writes. Producing earlier can get
     * NOT_LEADER_OR_FOLLOWER for the first batch while later in-flight batches land once the replica
     * becomes leader; the idempotent producer then retries sequence 0 behind them and is stuck on
     * OUT_OF_ORDER_SEQUENCE_NUMBER for good (seen under load: SqliteToPostgresIT). The metadata can
     * name a leader before its replica manager is one, so the check is a ListOffsets, which only the
     * leader's replica answers.
     */
    private void awaitLeaders(String topic) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                var d = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
                if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> req = new HashMap<>();
                    d.partitions().forEach(p -> req.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    admin.listOffsets(req).all().get();
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader after 30 s: "
                        + "check the Kafka cluster's health (brokers up, controller elected)");
            }
            Thread.sleep(100); // polling the cluster's metadata, bounded by the deadline
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
