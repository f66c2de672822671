package io.cutover.capture.sqlite;

import io.cutover.capture.SingleTaskConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.Map;

/**
 * Kafka Connect source connector for one SQLite file (properties: {@link SqliteConnectorConfig}).
 * One task: SQLite has one writer and the changelog is one ordered sequence.
 *
 * <p>In a Kafka Connect cluster, configure {@code key.converter}, {@code value.converter} and
 * {@code header.converter} as {@code org.apache.kafka.connect.converters.ByteArrayConverter}: the
 * task emits Debezium-shaped JSON bytes, and these converters write them unchanged, so topics look
 * the same as when {@code CaptureRunner} hosts the connector.
 */
public class SqliteSourceConnector extends SingleTaskConnector {
    @Override
    protected void checkConfig(Map<String, String> props) {
        SqliteConnectorConfig.from(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SqliteSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return SqliteConnectorConfig.DEF;
    }
}
