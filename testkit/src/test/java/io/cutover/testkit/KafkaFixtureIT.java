package io.cutover.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KafkaExtension.class)
class KafkaFixtureIT {

    @Test
    void producesToAndConsumesFromTheRealBrokerInOrder(KafkaFixture kafka) throws Exception {
        kafka.createTopic("fixture-roundtrip", 1, Map.of("cleanup.policy", "compact"));
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producerProps())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("fixture-roundtrip", bytes("k" + i), bytes("v" + i))).get();
            }
        }
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumerProps("fixture-test"))) {
            consumer.subscribe(List.of("fixture-roundtrip"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8));
                }
                return seen.size() >= 50;
            });
        }
        assertThat(seen).hasSize(50).startsWith("k0=v0", "k1=v1").endsWith("k49=v49");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
