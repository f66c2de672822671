package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.capture.json.JsonFileConnectorConfig;
import io.cutover.capture.json.JsonFileSourceConnector;
import io.cutover.capture.sqlite.SqliteConnectorConfig;
import io.cutover.capture.sqlite.SqliteSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/connect: each REST (JSON) example says the same as its standalone (properties) twin, and the connector accepts it. */
class ConnectExamplesTest {
    /** Worker-level settings a connector config may carry besides the connector's own keys. */
    private static final Set<String> CONNECT_KEYS = Set.of("name", "connector.class", "tasks.max", "key.converter",
            "value.converter", "header.converter");

    @Test
    void sqliteExamplesAgreeUseByteArrayConvertersAndOnlyKnownKeys() throws Exception {
        check("sqlite-source", SqliteSourceConnector.class.getName(), SqliteConnectorConfig.DEF);
    }

    @Test
    void jsonFileExamplesAgreeUseByteArrayConvertersAndOnlyKnownKeys() throws Exception {
        check("jsonfile-source", JsonFileSourceConnector.class.getName(), JsonFileConnectorConfig.DEF);
    }

    private static void check(String name, String connectorClass, ConfigDef def) throws Exception {
        JsonNode rest = new ObjectMapper().readTree(Path.of("connect", name + ".json").toFile());
        Map<String, String> fromJson = new TreeMap<>();
        fromJson.put("name", rest.get("name").asText());
        rest.get("config").fields().forEachRemaining(e -> fromJson.put(e.getKey(), e.getValue().asText()));
        Properties p = ConnectWorker.load(Path.of("connect", name + ".properties"));
        Map<String, String> fromProps = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> fromProps.put(k, p.getProperty(k)));

        assertThat(fromProps).isEqualTo(fromJson);
        assertThat(fromJson.get("connector.class")).isEqualTo(connectorClass);
        for (String c : new String[]{"key.converter", "value.converter", "header.converter"}) {
            assertThat(fromJson.get(c)).as(c).isEqualTo(ByteArrayConverter.class.getName());
        }
        for (String key : fromJson.keySet()) {
            if (!CONNECT_KEYS.contains(key) && !key.startsWith("topic.creation.")) {
                assertThat(def.names()).as("a key the connector does not define: " + key).contains(key);
            }
        }
        // The connector's own validation accepts the example as shipped.
        def.parse(fromJson);
    }
}
