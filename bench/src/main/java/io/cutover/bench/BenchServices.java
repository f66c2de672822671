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
        pg = LocalPostgresCluster.at(dir.resolve("postgres")).start();
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
