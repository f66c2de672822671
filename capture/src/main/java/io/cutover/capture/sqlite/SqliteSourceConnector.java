package io.cutover.capture.sqlite;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
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
public class SqliteSourceConnector extends SourceConnector {
    static final String VERSION = "0.1.0";
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        SqliteConnectorConfig.from(props); // fail early on bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SqliteSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SqliteConnectorConfig.DEF;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
