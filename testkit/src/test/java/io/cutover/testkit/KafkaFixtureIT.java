package io.cutover.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KafkaExtension.class)
class KafkaFixtureIT {
    private static final int N = 200;
    private static KafkaFixture fromBeforeAll;

    @BeforeAll
    static void resolvedInBeforeAll(KafkaFixture kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void producesToAndConsumesFromTheRealBrokerInOrder(KafkaFixture kafka) throws Exception {
        String topic = KafkaFixture.uniqueTopic("fixture-roundtrip");
        kafka.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producerProps())) {
            for (int i = 0; i < N; i++) {
                producer.send(new ProducerRecord<>(topic, bytes("k" + i), bytes("v" + i)));
            }
            producer.flush();
        }
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumerProps("fixture-test"))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8));
                }
                return seen.size() >= N;
            });
        }
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, N).mapToObj(i -> "k" + i + "=v" + i).toList());
    }

    @Test
    void createsTopicsWithTheirConfigsAndPartitions(KafkaFixture kafka) throws Exception {
        String topic = KafkaFixture.uniqueTopic("fixture-config");
        kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
        try (Admin admin = kafka.admin()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get().values().iterator().next();
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo("60000");
        }
    }

    @Test
    void everyResolutionSharesTheOneBrokerOfThisJvm(KafkaFixture kafka) {
        assertThat(fromBeforeAll).isSameAs(kafka);
        assertThat(kafka.bootstrapServers()).isNotBlank();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
