package io.cutover.bench;

import io.cutover.core.local.LocalPostgresCluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Peak memory (RSS, the kernel's VmHWM) of each Cutover process through an initial sync of the
 * app-shaped database: once with capture, applier and reconciler in one {@code cutover run}, once as
 * three processes ({@code capture}, {@code apply}, {@code reconcile}), all with the launchers' JVM
 * options and no heap limit of ours, against the bench's broker and Postgres.
 */
final class MemoryBench {
    private final int rows;

    MemoryBench(boolean quick) {
        this.rows = Bench.rows(quick ? 100_000 : 1_000_000);
    }

    void run(PrintStream out) throws Exception {
        try (BenchServices s = new BenchServices()) {
            Path dir = Files.createTempDirectory("cutover-memory-");
            out.println("== peak RSS (VmHWM) through an initial sync of " + rows + " rows, JVM options "
                    + System.getenv().getOrDefault("CUTOVER_JAVA_OPTS", "-XX:+UseParallelGC"));
            Map<String, Long> one = sync(s, dir.resolve("one"), "mem_one", List.of("run"));
            Map<String, Long> three = sync(s, dir.resolve("three"), "mem_three", List.of("capture", "apply", "reconcile"));
            one.forEach((k, v) -> out.printf(Locale.ROOT, "cutover %s (capture, applier, reconciler, routing): %d MB%n", k, v / 1024));
            three.forEach((k, v) -> out.printf(Locale.ROOT, "cutover %s alone: %d MB%n", k, v / 1024));
        }
    }

    private Map<String, Long> sync(BenchServices s, Path dir, String database, List<String> commands) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("app.db");
        AppDatabase.create(db, rows);
        s.pg.createDatabase(database);
        String url = "postgres://" + LocalPostgresCluster.SUPERUSER + "@127.0.0.1:" + s.pg.port() + "/" + database;
        Map<String, Process> procs = new LinkedHashMap<>();
        for (String cmd : commands) {
            procs.put(cmd, start(cmd, db, url, s.bootstrap, dir));
        }
        Map<String, Long> peak = new LinkedHashMap<>();
        try {
            AppDatabase.awaitInPostgres(s.pg.jdbcUrl(database), AppDatabase.rowCount(db), Duration.ofMinutes(30));
            for (var e : procs.entrySet()) {
                peak.put(e.getKey(), vmHwmKb(e.getValue().pid()));
            }
        } finally {
            for (Process p : procs.values()) {
                p.destroy();
                p.waitFor(60, TimeUnit.SECONDS);
            }
        }
        return peak;
    }

    private static Process start(String command, Path db, String url, String bootstrap, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getenv().getOrDefault("CUTOVER_JAVA_OPTS", "-XX:+UseParallelGC").split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cutover.cli.Main", command,
                "--sqlite", db.toString(), "--postgres", url, "--kafka", bootstrap,
                "--state-dir", dir.resolve("state-" + command).toString(), "--http-port", "0"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(command + ".log").toFile()).start();
    }

    private static long vmHwmKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for process " + pid);
    }
}
