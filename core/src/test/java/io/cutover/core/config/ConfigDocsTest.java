package io.cutover.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/CONFIGURATION.md must show exactly what the declarations say. */
class ConfigDocsTest {
    @Test
    void configurationReferenceMatchesTheDeclarations() throws IOException {
        Path docs = Path.of("").toAbsolutePath();
        while (docs != null && !Files.exists(docs.resolve("docs/CONFIGURATION.md"))) {
            docs = docs.getParent();
        }
        assertThat(docs).as("docs/CONFIGURATION.md above the working directory").isNotNull();
        String text = Files.readString(docs.resolve("docs/CONFIGURATION.md"));
        int b = text.indexOf(ConfigDocs.BEGIN);
        int e = text.indexOf(ConfigDocs.END);
        assertThat(b).as("begin marker").isNotNegative();
        String actual = text.substring(b + ConfigDocs.BEGIN.length(), e).strip();
        Path expected = Path.of("target/CONFIGURATION.generated.md");
        Files.writeString(expected, ConfigDocs.markdown());
        assertThat(actual).as("docs/CONFIGURATION.md is stale: copy " + expected.toAbsolutePath()
                + " between the config markers").isEqualTo(ConfigDocs.markdown().strip());
    }
}
