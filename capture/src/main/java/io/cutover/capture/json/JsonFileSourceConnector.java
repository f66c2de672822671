package io.cutover.capture.json;

import io.cutover.capture.SingleTaskConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.Map;

/**
 * Kafka Connect source connector for one directory of JSON data files (properties:
 * {@link JsonFileConnectorConfig}); connector name {@code jsonfile} in the events. One task: the
 * file states and the source seq are one ordered sequence.
 *
 * <p>In a Kafka Connect cluster, configure {@code key.converter}, {@code value.converter} and
 * {@code header.converter} as {@code org.apache.kafka.connect.converters.ByteArrayConverter}, and give
 * the worker a persistent {@code json.state.dir}: the file states live there, next to the offsets
 * Connect keeps in Kafka.
 */
public class JsonFileSourceConnector extends SingleTaskConnector {
    @Override
    protected void checkConfig(Map<String, String> props) {
        JsonFileConnectorConfig.from(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JsonFileSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return JsonFileConnectorConfig.DEF;
    }
}
