package io.cutover.capture.it;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real in-JVM KRaft broker shared by this module's ITs (or {@code KAFKA_BOOTSTRAP_SERVERS}).
 * A stopgap until testkit's KafkaExtension is merged into this branch.
 */
final class LocalKafka {
    private static String bootstrap;

    private LocalKafka() {
    }

    static synchronized String bootstrapServers() throws Exception {
        if (bootstrap != null) {
            return bootstrap;
        }
        String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (env != null && !env.isBlank()) {
            return bootstrap = env;
        }
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("num.partitions", "1")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kit.close();
            } catch (Exception ignored) {
                // the JVM is exiting anyway
            }
        }));
        return bootstrap = kit.bootstrapServers();
    }
}
