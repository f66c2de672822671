package io.cutover.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a {@link KafkaFixture}: {@code KAFKA_BOOTSTRAP_SERVERS} when set, otherwise an in-JVM
 * single-node KRaft broker from Kafka's own test kit, started once per test JVM on first use and
 * closed when the JVM's tests end.
 */
public final class KafkaExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == KafkaFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return fixture(c);
    }

    /** The shared broker; also usable from a static @BeforeAll through its ExtensionContext. */
    public static KafkaFixture fixture(ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent("broker", k -> start(), Broker.class).fixture;
    }

    private static Broker start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return new Broker(null, new KafkaFixture(external));
        }
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    // The test kit defaults to the newest *testing* metadata version (4.4-IV0 with Kafka
                    // 4.3.1); test against what production brokers run.
                    .setBootstrapMetadataVersion(org.apache.kafka.server.common.MetadataVersion.latestProduction())
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("log.cleaner.backoff.ms", "1000")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new Broker(kit, new KafkaFixture(kit.bootstrapServers()));
        } catch (Exception e) {
            throw new ParameterResolutionException("could not start the in-JVM Kafka broker (" + e
                    + "). Set KAFKA_BOOTSTRAP_SERVERS to use an existing broker instead.", e);
        }
    }

    private record Broker(KafkaClusterTestKit kit, KafkaFixture fixture) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            if (kit != null) {
                kit.close();
            }
        }
    }
}
