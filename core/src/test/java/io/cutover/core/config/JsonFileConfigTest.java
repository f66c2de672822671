package io.cutover.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON file example in README.md and docs/CONFIGURATION.md loads as it stands, and means what it says. */
class JsonFileConfigTest {
    @TempDir
    Path dir;

    static String example(String file) throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve(file))) {
            p = p.getParent();
        }
        String text = Files.readString(p.resolve(file));
        String block = text.substring(text.indexOf("<!-- json-example:begin -->"), text.indexOf("<!-- json-example:end -->"));
        return block.substring(block.indexOf("```yaml") + 7, block.lastIndexOf("```"));
    }

    private CutoverConfig load(String yaml) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path f = dir.resolve("cutover.yml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, Map.of(), Map.of());
    }

    @Test
    void theReadmeExampleMapsUsersJsonToParentAndChildTables() throws IOException {
        assertThat(example("docs/CONFIGURATION.md")).isEqualTo(example("README.md"));
        CutoverConfig c = load(example("README.md"));
        JsonFileSpec users = c.sources().get(0).files().get(0);
        assertThat(users.table()).isEqualTo("users");
        assertThat(users.key()).containsExactly("id");
        assertThat(users.children()).extracting(JsonFileSpec.Child::table)
                .containsExactly("user_onboarding", "user_preferences", "user_devices");
        assertThat(users.children().get(2).parentKey()).containsExactly("user_id");
        assertThat(users.children().get(2).key()).containsExactly("device_id");
        assertThat(users.massDeletePercent()).isEqualTo(50);
        assertThat(users.allowMassDelete()).isFalse();
        assertThat(c.applier().columnTypes()).as("file overrides reach the applier")
                .containsEntry("users.created_at", "timestamptz");
    }

    @Test
    void aMisspeltChildKeyIsRejectedWithASuggestion() {
        assertThatThrownBy(() -> load("""
                sources:
                  - name: f
                    json-dir: ./data
                    files:
                      - file: users.json
                        children:
                          - field: devices
                            parent_key: user_id
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("parent-key");
    }

    @Test
    void theJsonDirFlagAddsASourceThatCapturesEveryFileWithTheDefaults() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        CutoverConfig c = ConfigLoader.load(null, Map.of(), Map.of("json-dir", dir.resolve("data").toString()));
        assertThat(c.sources()).hasSize(1);
        assertThat(c.sources().get(0).isSqlite()).isFalse();
        assertThat(c.sources().get(0).name()).isEqualTo("data");
        assertThat(c.sources().get(0).jsonDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.sources().get(0).files()).isEmpty();
    }

    @Test
    void massDeleteDefaultsToHoldingMoreThanHalf() throws IOException {
        JsonFileSpec f = load("""
                sources:
                  - name: f
                    json-dir: ./data
                    files:
                      - file: users.json
                """).sources().get(0).files().get(0);
        assertThat(f.allowMassDelete()).isFalse();
        assertThat(f.massDeletePercent()).isEqualTo(50);
        assertThat(f.children()).isEqualTo(List.of());
    }
}
