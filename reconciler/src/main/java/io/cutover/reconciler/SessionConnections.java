package io.cutover.reconciler;

import io.cutover.capture.sqlite.SqliteFiles;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The connections of one reconcile session: Postgres twice (one streams a table inside a read
 * transaction while the other reads positions and stores results), each SQLite source, and a Kafka
 * consumer that reads end offsets and changed keys (assigned, no group: it commits nothing).
 */
final class SessionConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionConnections.class);

    Connection pgRead;
    Connection pgMeta;
    final Map<String, Connection> sqlite = new LinkedHashMap<>();
    KafkaConsumer<byte[], byte[]> consumer;

    static SessionConnections open(ReconcilerSettings s) throws SQLException {
        SessionConnections c = new SessionConnections();
        try {
            c.pgRead = DriverManager.getConnection(s.jdbcUrl(), s.driverProps());
            c.pgMeta = DriverManager.getConnection(s.jdbcUrl(), s.driverProps());
            for (ReconcilerSettings.SqliteSource src : s.sqliteSources()) {
                c.sqlite.put(src.name(), SqliteFiles.open(src.path(), 10_000));
            }
            Properties kp = new Properties();
            kp.putAll(s.kafkaProperties());
            kp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
            kp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            kp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            kp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            // End offsets must count committed records only, as the applier (read_committed) sees them.
            kp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.consumer = new KafkaConsumer<>(kp);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
        sqlite.values().forEach(SessionConnections::quietly);
        quietly(pgRead);
        quietly(pgMeta);
    }

    private static void quietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing a connection: {}", e.getMessage());
        }
    }
}
