package io.cutover.core.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * tests. Listens on 127.0.0.1 only, with trust authentication for the {@code postgres} superuser, so
 * it is for one machine, never for production. When the JVM runs as root the server runs as the
 * {@code postgres} OS user, because initdb refuses root.
 */
public final class LocalPostgresCluster implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    private final Path dir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final ProcessRunner runner = new ProcessRunner();
    private int port;

    private LocalPostgresCluster(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** A cluster whose files live in {@code dir} (data in {@code dir/data}). */
    public static LocalPostgresCluster at(Path dir) {
        return new LocalPostgresCluster(dir);
    }

    /** A server setting passed with -c, e.g. {@code fsync=off} for tests, {@code wal_level=logical}. */
    public LocalPostgresCluster setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public synchronized LocalPostgresCluster start() throws IOException {
        Path bin = PostgresBinaries.find();
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        runner.handOver(dir);
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            runner.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--auth=trust", "-E", "UTF8", "--locale=C"), "initdb");
        }
        Path portFile = dir.resolve("port");
        if (isRunning(bin, data)) {
            port = Integer.parseInt(Files.readString(portFile).trim());
            return this;
        }
        port = Files.exists(portFile) && isFree(Integer.parseInt(Files.readString(portFile).trim()))
                ? Integer.parseInt(Files.readString(portFile).trim()) : freePort();
        Files.writeString(portFile, Integer.toString(port));
        StringBuilder opts = new StringBuilder("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1");
        settings.forEach((k, v) -> opts.append(" -c ").append(k).append('=').append(v));
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-o", opts.toString(), "-w", "-t", "60", "start"));
        runner.run(cmd, "pg_ctl start (log: " + dir.resolve("postgres.log") + ")");
        return this;
    }

    public int port() {
        return port;
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

    public synchronized void stop() throws IOException {
        Path bin = PostgresBinaries.find();
        Path data = dir.resolve("data");
        if (isRunning(bin, data)) {
            runner.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
                    "pg_ctl stop");
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private boolean isRunning(Path bin, Path data) throws IOException {
        return runner.exitCode(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status")) == 0;
    }

    private static boolean isFree(int p) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
