package io.cutover.bench;

import io.cutover.cli.local.LocalKafkaBroker;
import io.cutover.core.local.LocalPostgresCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** A real broker and a real Postgres (durable settings, as in production) in a throwaway directory. */
final class BenchServices implements AutoCloseable {
    final LocalKafkaBroker kafka;
    final LocalPostgresCluster pg;
    final String bootstrap;

    BenchServices() throws Exception {
        Path dir = Files.createTempDirectory("cutover-bench-");
        kafka = LocalKafkaBroker.in(dir);
        bootstrap = kafka.start();
        LocalPostgresCluster cluster = LocalPostgresCluster.at(dir.resolve("postgres"));
        for (String kv : System.getProperty("cutover.bench.pg", "").split(",")) {
            if (kv.contains("=")) {
                cluster = cluster.setting(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        pg = cluster.start();
        System.err.println("bench: Postgres log " + pg.logFile());
        pg.createDatabase("bench");
    }

    String jdbcUrl() {
        return pg.jdbcUrl("bench");
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl(), LocalPostgresCluster.SUPERUSER, "");
    }

    @Override
    public void close() throws Exception {
        kafka.close();
        pg.close();
    }
}
