package io.cutover.cli.demo;

import io.cutover.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo on its own embedded defaults: a busy app, the pipeline, and Postgres caught up. */
class DemoCommandIT {

    @Test
    void demoMigratesTheSampleAppAndItsDataFilesWhileItWritesAndSaysHowToLook(@TempDir Path dir) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("demo", "--state-dir", dir.toString(), "--duration", "PT4S", "--rate", "40",
                "--users", "200", "--exit-when-synced");
        assertThat(code).as("output: %s", out).isZero();
        assertThat(out.toString())
                .contains("Caught up")
                .containsPattern("users (\\d+)/\\1 ")
                .containsPattern("contracts (\\d+)/\\1 ")
                .containsPattern("chat_threads (\\d+)/\\1")
                .contains("psql 'postgres://postgres@127.0.0.1:");
    }
}
