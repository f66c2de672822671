package io.cutover.capture.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.schema.TopicNames;
import io.cutover.testkit.ExternalProcess;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.NodeScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON capture killed with SIGKILL (no offset flush, no clean stop) three times while a Node.js app
 * rewrites its file: after the last restart the topic holds exactly the file's records, every key
 * with its last value; nothing lost, no key invented.
 */
@ExtendWith(KafkaExtension.class)
class JsonCrashRecoveryIT {
    private static final String WRITER = """
            const fs = require('fs');
            const [f, stop] = [process.argv[2], process.argv[3]];
            const users = JSON.parse(fs.readFileSync(f, 'utf8'));
            let next = users.reduce((m, u) => Math.max(m, u.id), 0) + 1;
            for (let r = 0; !fs.existsSync(stop); r++) { // saves until the test says stop
              users.push({ id: next++, v: r });
              users[(r * 7) % users.length].v = r;
              if (r % 3 === 0) users.splice((r * 13) % users.length, 1);
              const text = JSON.stringify(users);
              if (r % 2) fs.writeFileSync(f, text);
              else { fs.writeFileSync(f + '.tmp', text); fs.renameSync(f + '.tmp', f); }
              const t = Date.now(); while (Date.now() - t < 3) {} // the app's pace between saves
            }
            """;

    static String bootstrap;

    @TempDir
    Path dir;
    Process child;
    final List<String> states = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void kafka(KafkaFixture kafka) {
        bootstrap = kafka.bootstrapServers();
    }

    @AfterEach
    void killChild() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void startCapture(String prefix) throws Exception {
        states.clear();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                JsonCaptureMain.class.getName(), bootstrap, dir.resolve("state").toString(), dir.resolve("data").toString(),
                prefix, "app").redirectErrorStream(true).start();
        Process p = child;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.out.println("[capture " + p.pid() + "] " + line);
                    if (line.startsWith("STATE ")) {
                        states.add(line.substring(6));
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    private void sigkill() throws Exception {
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        child = null;
    }

    private Map<Long, Long> fileRecords() throws Exception {
        Map<Long, Long> m = new HashMap<>();
        for (JsonNode u : new ObjectMapper().readTree(dir.resolve("data/users.json").toFile())) {
            m.put(u.get("id").asLong(), u.get("v").asLong());
        }
        return m;
    }

    private static Map<Long, Long> topicRecords(String prefix) {
        Map<Long, Long> m = new HashMap<>();
        for (ChangeEvent e : TopicState.read(bootstrap, TopicNames.forTable(prefix, "app", "users")).events.values()) {
            m.put((Long) e.after().get("id"), (Long) e.after().get("v"));
        }
        return m;
    }

    @Test
    void killedThreeTimesWhileTheAppRewritesItsFileTheTopicEndsEqualToTheFile() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        StringBuilder init = new StringBuilder("[");
        for (int i = 1; i <= 300; i++) {
            init.append(i == 1 ? "" : ",").append("{\"id\":").append(i).append(",\"v\":0}");
        }
        Files.writeString(dir.resolve("data/users.json"), init.append("]"));
        Path offsets = dir.resolve("state").resolve("app.offsets");
        String prefix = "jk" + UUID.randomUUID().toString().substring(0, 8);

        startCapture(prefix);
        await().atMost(Duration.ofSeconds(60)).until(() -> states.contains("STREAMING") && Files.exists(offsets));
        try (ExternalProcess app = new NodeScript(WRITER).start(dir, dir.resolve("data/users.json").toString(),
                dir.resolve("stop").toString())) {
            for (int kill = 0; kill < 3; kill++) {
                FileTime before = Files.getLastModifiedTime(offsets);
                await().atMost(Duration.ofSeconds(60)).until(() -> !Files.getLastModifiedTime(offsets).equals(before));
                sigkill(); // mid-stream: states saved ahead of the flushed offset, events in flight
                startCapture(prefix);
                await().atMost(Duration.ofSeconds(60)).until(() -> states.contains("STREAMING"));
            }
            Files.createFile(dir.resolve("stop"));
            app.awaitSuccess(Duration.ofMinutes(2));
        }
        Map<Long, Long> expected = fileRecords();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(topicRecords(prefix)).isEqualTo(expected));
        assertThat(states).doesNotContain("FAILED");
    }
}
