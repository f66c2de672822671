package io.cutover.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class NodeScriptIT {
    @TempDir
    Path dir;

    @Test
    void rewritesAJsonFileWithTempThenRenameUsingArgsAndEnv() throws Exception {
        String out = new NodeScript("""
                const fs = require('fs');
                const [file, name] = process.argv.slice(2);
                fs.writeFileSync(file + '.tmp', JSON.stringify([{id: Number(process.env.USER_ID), name}]));
                fs.renameSync(file + '.tmp', file);
                console.log('wrote ' + file);
                """).env("USER_ID", "7").run(dir, "users.json", "ada");
        assertThat(Files.readString(dir.resolve("users.json"))).isEqualTo("[{\"id\":7,\"name\":\"ada\"}]");
        assertThat(out).contains("wrote users.json");
        assertThat(dir.resolve("users.json.tmp")).doesNotExist();
    }

    @Test
    void aScriptThatThrowsFailsTheRunWithItsError() {
        assertThatThrownBy(() -> new NodeScript("throw new Error('boom from node');").run(dir))
                .hasMessageContaining("exited 1").hasMessageContaining("boom from node");
    }

    @Test
    void aScriptThatOutlivesItsTimeoutIsKilledAndFails() {
        assertThatThrownBy(() -> new NodeScript("setInterval(() => {}, 1000);").run(Duration.ofMillis(500), dir))
                .hasMessageContaining("did not finish within");
    }

    @Test
    void aStartedScriptRunsInTheBackgroundUntilClosed() throws Exception {
        Path file = dir.resolve("counter.json");
        try (ExternalProcess p = new NodeScript("""
                const fs = require('fs');
                let n = 0;
                setInterval(() => fs.writeFileSync(process.argv[2], JSON.stringify({n: ++n})), 10);
                """).start(dir, file.toString())) {
            // ignoreExceptions: a read can catch the file mid-rewrite (absent or empty), as a real reader would.
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> Integer.parseInt(Files.readString(file).replaceAll("\\D", "")) >= 5);
            assertThat(p.isAlive()).isTrue();
            p.close();
            assertThat(p.isAlive()).isFalse();
        }
    }
}
