package io.cutover.core.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Postgres cluster Cutover runs itself with the local {@code initdb}/{@code pg_ctl}: under the state
 * directory for {@code --postgres local} (reused across restarts), or in a temporary directory for
 * tests. Layout of {@link #dir()}: {@code data/} (the cluster), {@code port} (the port last used, so
 * clients keep their address across restarts), {@code postgres.log}, and the Unix socket.
 * Listens on 127.0.0.1 only, with trust authentication for the {@code postgres} superuser, so it is
 * for one machine, never for production. When the JVM runs as root the server runs as the
 * {@code postgres} OS user, because initdb refuses root.
 */
public final class LocalPostgresCluster implements AutoCloseable {
    /** The superuser initdb creates; it needs no password (trust authentication on 127.0.0.1). */
    public static final String SUPERUSER = "postgres";
    // sun_path is 108 bytes on Linux; Postgres refuses longer socket paths with a confusing error.
    private static final int MAX_SOCKET_PATH = 107;
    private final Path dir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final ProcessRunner runner = new ProcessRunner();
    private int port;

    private LocalPostgresCluster(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** A cluster whose files live in {@code dir} (created if missing; the data in {@code dir/data}). */
    public static LocalPostgresCluster at(Path dir) {
        return new LocalPostgresCluster(dir);
    }

    /** A server setting passed with {@code -c} at start, e.g. {@code wal_level=logical}. */
    public LocalPostgresCluster setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /** Several server settings, as {@link #setting(String, String)}. */
    public LocalPostgresCluster settings(Map<String, String> more) {
        settings.putAll(more);
        return this;
    }

    /**
     * Trades crash safety for speed: fsync, synchronous_commit and full_page_writes off. For throwaway
     * test clusters only; a crash of the machine can corrupt such a cluster.
     */
    public LocalPostgresCluster fsyncOff() {
        return setting("fsync", "off").setting("synchronous_commit", "off").setting("full_page_writes", "off");
    }

    /**
     * Creates the cluster if {@code dir} has none, then starts it, unless it is already running (then
     * it is reused as is and settings are not applied). Prefers the port recorded last time when free.
     *
     * @throws IOException with the tool's output (and the server log's tail) when initdb or pg_ctl fail
     * @throws IllegalStateException when no server binaries are found, saying what to install or set
     */
    public synchronized LocalPostgresCluster start() throws IOException {
        Path bin = PostgresBinaries.find();
        Path data = dataDir();
        Files.createDirectories(dir);
        runner.handOver(dir);
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            runner.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--auth=trust", "-E", "UTF8", "--locale=C"), "initdb in " + data);
        }
        if (isRunning(bin)) {
            port = runningPort();
            return this;
        }
        Integer recorded = recordedPort();
        port = recorded != null && Ports.isFree(recorded) ? recorded : Ports.freePort();
        String socket = dir + "/.s.PGSQL." + port;
        if (socket.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IOException("the directory " + dir + " is too long for a Postgres Unix socket ("
                    + MAX_SOCKET_PATH + " bytes at most): choose a shorter state directory");
        }
        Files.writeString(portFile(), Integer.toString(port));
        StringBuilder opts = new StringBuilder("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1");
        settings.forEach((k, v) -> opts.append(" -c ").append(k).append('=').append(v));
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                logFile().toString(), "-o", opts.toString(), "-w", "-t", "60", "start"));
        try {
            runner.run(cmd, "pg_ctl start");
        } catch (IOException e) {
            // pg_ctl only says "examine the log output": the reason is in the server log.
            throw new IOException(e.getMessage() + "\n--- " + logFile() + " (last lines) ---\n" + logTail(), e);
        }
        return this;
    }

    /** The directory holding the cluster, its port file, log and socket. */
    public Path dir() {
        return dir;
    }

    /** The Postgres data directory ({@code dir/data}). */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** The server log, the first place to look when something fails. */
    public Path logFile() {
        return dir.resolve("postgres.log");
    }

    /** The TCP port on 127.0.0.1; valid after {@link #start()}. */
    public int port() {
        return port;
    }

    /** The superuser's name ({@value #SUPERUSER}); it has no password. */
    public String superuser() {
        return SUPERUSER;
    }

    /** JDBC URL of a database of this cluster (the superuser needs no password). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             var st = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            st.setString(1, name);
            if (!st.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                }
            }
        }
    }

    /** Whether a live server runs on this data directory (pg_ctl status checks postmaster.pid's process). */
    public boolean isRunning() throws IOException {
        return Files.exists(dataDir().resolve("PG_VERSION")) && isRunning(PostgresBinaries.find());
    }

    /** Stops the server (fast: rolls back open transactions) and waits until it is down; no-op if not running. */
    public synchronized void stop() throws IOException {
        Path bin = PostgresBinaries.find();
        if (Files.exists(dataDir().resolve("PG_VERSION")) && isRunning(bin)) {
            runner.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast", "-w",
                    "stop"), "pg_ctl stop");
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() throws IOException {
        stop();
    }

    private boolean isRunning(Path bin) throws IOException {
        return runner.exitCode(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "status")) == 0;
    }

    private Path portFile() {
        return dir.resolve("port");
    }

    private Integer recordedPort() throws IOException {
        try {
            return Files.exists(portFile()) ? Integer.valueOf(Files.readString(portFile()).trim()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The port of a server that was started before, possibly by someone else: line 4 of postmaster.pid. */
    private int runningPort() throws IOException {
        List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"));
        if (lines.size() < 4) {
            throw new IOException(dataDir().resolve("postmaster.pid") + " names no port; is the server starting?");
        }
        return Integer.parseInt(lines.get(3).trim());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
