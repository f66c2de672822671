package io.cutover.cli.run;

import io.cutover.applier.Applier;
import io.cutover.capture.CaptureRunner;
import io.cutover.core.config.ConfigLoader;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.DatabaseUrl;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON file example of README.md, as it stands, end to end: users.json with nested objects
 * becomes users, user_onboarding, user_preferences and user_devices in Postgres, through the same
 * configuration-to-capture wiring that {@code cutover run} uses.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class JsonReadmeExampleIT {
    private static final String USERS = """
            [{"id": 7, "email": "a@x.io", "created_at": "2024-01-02T03:04:05Z",
              "onboarding": {"step": 2, "done": false}, "preferences": {"theme": "dark"},
              "devices": [{"device_id": "d1", "os": "ios"}, {"device_id": "d2", "os": "android"}], "tags": ["beta"]},
             {"id": 8, "email": "b@x.io", "created_at": "2024-02-03T04:05:06Z", "devices": []}]
            """;

    static String readmeExample() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve("README.md"))) {
            p = p.getParent();
        }
        String text = Files.readString(p.resolve("README.md"));
        String block = text.substring(text.indexOf("<!-- json-example:begin -->"), text.indexOf("<!-- json-example:end -->"));
        return block.substring(block.indexOf("```yaml") + 7, block.lastIndexOf("```"));
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cols.add(rs.getString(i));
                }
                out.add(String.join("|", cols));
            }
        }
        return out;
    }

    @Test
    void usersJsonWithNestedObjectsBecomesTheParentAndChildTablesOfTheReadmeExample(KafkaFixture kafka, PostgresFixture pg,
                                                                                   @TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/users.json"), USERS);
        Files.writeString(dir.resolve("cutover.yml"), readmeExample() + "state-dir: ./state\n");
        CutoverConfig cfg = ConfigLoader.load(dir.resolve("cutover.yml"), Map.of(), Map.of());
        try (CaptureRunner capture = new CaptureRunner(CaptureWiring.settings(cfg, kafka.bootstrapServers()));
             Applier applier = new Applier(ApplierStarter.settings(cfg, kafka.bootstrapServers(),
                     DatabaseUrl.parse(pg.databaseUrl())))) {
            capture.start();
            applier.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                try (Connection c = pg.connection()) {
                    assertThat(rows(c, "SELECT id, email, tags::text, created_at = '2024-01-02T03:04:05Z' FROM users ORDER BY id"))
                            .containsExactly("7|a@x.io|[\"beta\"]|t", "8|b@x.io|null|f");
                    assertThat(rows(c, "SELECT user_id, step, done FROM user_onboarding")).containsExactly("7|2|f");
                    assertThat(rows(c, "SELECT user_id, theme FROM user_preferences")).containsExactly("7|dark");
                    assertThat(rows(c, "SELECT user_id, device_id, os FROM user_devices ORDER BY device_id"))
                            .containsExactly("7|d1|ios", "7|d2|android");
                }
            });
            try (Connection c = pg.connection()) {
                assertThat(rows(c, "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' "
                        + "AND column_name = 'created_at'")).as("the columns override").containsExactly("timestamp with time zone");
                assertThat(rows(c, "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' "
                        + "AND column_name IN ('onboarding', 'preferences', 'devices')")).as("children are not columns").isEmpty();
            }
            // The app saves: a device removed, the theme changed, onboarding finished.
            Files.writeString(dir.resolve("data/users.json"), USERS.replace(", {\"device_id\": \"d2\", \"os\": \"android\"}", "")
                    .replace("dark", "light").replace("\"step\": 2, \"done\": false", "\"step\": 3, \"done\": true"));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                try (Connection c = pg.connection()) {
                    assertThat(rows(c, "SELECT user_id, device_id FROM user_devices")).containsExactly("7|d1");
                    assertThat(rows(c, "SELECT theme FROM user_preferences")).containsExactly("light");
                    assertThat(rows(c, "SELECT step, done FROM user_onboarding")).containsExactly("3|t");
                }
            });
        }
    }
}
