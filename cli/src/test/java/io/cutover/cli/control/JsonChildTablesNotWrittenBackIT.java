package io.cutover.cli.control;

import io.cutover.cli.CliRun;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reverse replication does not write JSON child tables back, so `switch-writes --execute` with
 * reverse.enabled refuses a JSON source whose mapping has children before it fences anything: a
 * rollback would otherwise lose the child tables' Postgres writes.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonChildTablesNotWrittenBackIT {
    @Test
    void switchWritesRefusesAJsonSourceWithChildTablesBeforeFencingNamingTheFile(KafkaFixture kafka, PostgresFixture pg,
                                                                                @TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("users.json"), "[{\"id\": 1, \"devices\": [{\"device_id\": \"d1\"}]}]");
        Path yml = dir.resolve("cutover.yml");
        Files.writeString(yml, "kafka:\n  topic-prefix: jchild\npostgres:\n  schema: jchild\n  control-schema: jchild_control\n"
                + "applier:\n  group-id: jchild-applier\nreverse:\n  enabled: true\n  slot-name: jchild_slot\n"
                + "  publication: jchild_pub\nsources:\n  - name: files\n    json-dir: " + data + "\n    files:\n"
                + "      - file: users.json\n        table: users\n        key: id\n        children:\n"
                + "          - field: devices\n            table: user_devices\n            parent-key: user_id\n"
                + "            key: device_id\n");
        List<String> common = List.of("-c", yml.toString(), "--kafka", kafka.bootstrapServers(), "--postgres",
                pg.databaseUrl(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
        CliRun sw = CliRun.of(common, "switch-writes", "--execute");
        assertThat(sw.code()).as(sw.out()).isNotZero();
        assertThat(sw.err()).contains("files/users.json").contains("user_devices").contains("reverse.enabled: false");
        try (Stream<Path> s = Files.walk(dir.resolve("state")).filter(p -> p.getFileName().toString().equals("fence.json"))) {
            assertThat(s).as("nothing fenced").isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            // no state directory at all: nothing fenced either
        }
    }
}
