package io.cutover.cli.chaos;

import io.cutover.core.local.LocalPostgresCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A throwaway Postgres cluster of this suite's own (the shared test cluster must not be crashed under
 * other test classes), which it can crash: SIGQUIT to the postmaster is Postgres's immediate shutdown,
 * every backend dies without a checkpoint and the next start runs crash recovery. It comes back on the
 * same port, so the pipeline's URL stays valid.
 */
final class CrashablePostgres implements AutoCloseable {
    static final String DATABASE = "chaos";
    private final LocalPostgresCluster cluster;

    private CrashablePostgres(LocalPostgresCluster cluster) {
        this.cluster = cluster;
    }

    static CrashablePostgres start(Path dir) throws IOException, SQLException {
        // fsync off only: the OS keeps what Postgres wrote, and a process crash is what is tested.
        // synchronous_commit stays on, so an acknowledged commit survives the crash as in production.
        LocalPostgresCluster c = LocalPostgresCluster.at(dir).setting("fsync", "off").start();
        c.createDatabase(DATABASE);
        return new CrashablePostgres(c);
    }

    String jdbcUrl() {
        return cluster.jdbcUrl(DATABASE);
    }

    /** The URL the cutover processes are configured with. */
    String databaseUrl() {
        return "postgres://" + cluster.superuser() + "@127.0.0.1:" + cluster.port() + "/" + DATABASE;
    }

    Connection connection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), cluster.superuser(), "");
    }

    /** Immediate shutdown (a crash for every session), then a start with crash recovery. */
    void crashAndRestart() throws IOException, InterruptedException {
        int port = cluster.port();
        long pid = Long.parseLong(Files.readAllLines(cluster.dataDir().resolve("postmaster.pid")).get(0).trim());
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -QUIT " + pid + " failed");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        cluster.start();
        if (cluster.port() != port) {
            throw new IllegalStateException("Postgres came back on port " + cluster.port() + " instead of " + port
                    + " (someone took the port meanwhile): the pipeline's URL is stale");
        }
    }

    @Override
    public void close() throws IOException {
        cluster.stop();
    }
}
