package io.cutover.capture;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * What Cutover's source connectors share: one task per source (a SQLite file has one writer and one
 * ordered changelog; a JSON directory one ordered sequence of file states), the configuration
 * checked when the connector starts, and the version.
 */
public abstract class SingleTaskConnector extends SourceConnector {
    /** The connectors' version, as Kafka Connect shows it. */
    public static final String VERSION = "0.1.0";
    private Map<String, String> props;

    /** Parses the properties, throwing with the key and the fix when they are wrong. */
    protected abstract void checkConfig(Map<String, String> props);

    @Override
    public void start(Map<String, String> props) {
        checkConfig(props); // fail early on bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public abstract ConfigDef config();

    @Override
    public abstract Class<? extends Task> taskClass();

    @Override
    public String version() {
        return VERSION;
    }
}
