package io.cutover.capture.it;

import io.cutover.testkit.SqliteWorkload;

import io.cutover.core.schema.TopicNames;
import org.junit.jupiter.api.AfterEach;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.SqliteShell;
import io.cutover.testkit.ExternalProcess;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Capture killed with SIGKILL mid-snapshot and mid-streaming, restarted: every key converges. */
@ExtendWith(KafkaExtension.class)
class CrashRecoveryIT {
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

    private void startCapture(Path db, String prefix) throws Exception {
        states.clear();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CaptureMain.class.getName(), bootstrap, dir.resolve("state").toString(), db.toString(), prefix, "app", "3")
                .redirectErrorStream(true).start();
        Process p = child;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.out.println("[capture " + p.pid() + "] " + line); // lands in the failsafe report
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
        child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no offset flush
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        child = null;
    }

    @Test
    void killedMidSnapshotAndMidStreamingEveryKeyConverges() throws Exception {
        Path db = dir.resolve("app.db");
        Path offsets = dir.resolve("state").resolve("app.offsets");
        new SqliteShell(db).run(SqliteWorkload.schema(400));
        String prefix = "k" + UUID.randomUUID().toString().substring(0, 8);

        startCapture(db, prefix);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> states.contains("SNAPSHOTTING") && Files.exists(offsets) && Files.size(offsets) > 0);
        assertThat(states).as("killed mid-snapshot").contains("SNAPSHOTTING").doesNotContain("STREAMING");
        sigkill();
        new SqliteShell(db).run(SqliteWorkload.writes(11, 200, 420)); // while capture is down

        startCapture(db, prefix);
        await().atMost(Duration.ofSeconds(90)).until(() -> states.contains("STREAMING"));
        FileTime before = Files.getLastModifiedTime(offsets);
        ExternalProcess writer = new SqliteShell(db).start(SqliteWorkload.writes(12, 600, 420));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.getLastModifiedTime(offsets).equals(before));
        sigkill(); // mid-streaming, while the shell keeps writing
        writer.awaitSuccess(Duration.ofSeconds(60)); // fails the test unless the shell exited 0

        startCapture(db, prefix);
        await().atMost(Duration.ofSeconds(90)).until(() -> states.contains("STREAMING"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String t : SqliteWorkload.TABLES) {
                TopicState topic = TopicState.read(bootstrap, TopicNames.forTable(prefix, "app", t));
                assertThat(topic.rows).as("topic of %s", t).isEqualTo(SqliteFixture.tableState(db, t));
            }
        });
        assertThat(states).doesNotContain("FAILED");
    }
}
