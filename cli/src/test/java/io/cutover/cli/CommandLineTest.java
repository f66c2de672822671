package io.cutover.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void helpListsEveryCommand() {
        CliRun r = CliRun.of("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("run", "capture", "apply", "reconcile", "verify", "status", "flip-reads",
                "switch-writes", "rollback", "finalize", "replay", "dlq", "resnapshot", "demo");
    }

    @Test
    void runHelpDocumentsEveryOptionWithItsDefault() {
        CliRun r = CliRun.of("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("--config", "--state-dir", "default: ./.cutover", "--kafka", "default: embedded",
                "--postgres", "--http-port", "default: 9400", "--sqlite", "--json-dir");
    }

    @Test
    void verifyWithABadSettleTimeoutIsAUsageErrorNamingTheOption() {
        CliRun r = CliRun.of("verify", "--settle-timeout", "soon");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--settle-timeout");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.of("run", "--sqllite", "x.db");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--sqllite").contains("--help");
    }

    @Test
    void emptyKafkaBootstrapExits2NamingTheKey() {
        CliRun r = CliRun.of("run", "--kafka", "", "--postgres", "local");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("kafka.bootstrap: is empty: set it to host:port[,host:port] or to 'embedded'");
    }

    @Test
    void unknownKeyInTheFileExits2WithASuggestion() throws Exception {
        Path f = dir.resolve("cutover.yml");
        Files.writeString(f, "postgres:\n  uri: postgres://x/y\n");
        CliRun r = CliRun.of("run", "-c", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("postgres.uri: unknown key").contains("did you mean 'postgres.url'?");
    }

    @Test
    void malformedDatabaseUrlExits2WithoutThePassword() {
        CliRun r = CliRun.of("run", "--postgres", "postgres://app:S3cr3t-pw@:notaport/db");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("postgres.url").contains("is not a Postgres URL").doesNotContain("S3cr3t-pw");
    }

    @Test
    void missingSqliteFileExits2NamingThePath() {
        CliRun r = CliRun.of("run", "--sqlite", dir.resolve("missing.db").toString(), "--postgres", "local");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("missing.db does not exist");
    }

    @Test
    void unreachablePostgresExits2WithoutThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("run", "--postgres", "postgres://app:Unreachable-pw1@127.0.0.1:" + port + "/app",
                "--state-dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("cannot connect to postgres://app:****@127.0.0.1:" + port)
                .doesNotContain("Unreachable-pw1");
    }
}
