package io.cutover.core.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPostgresClusterIT {

    @Test
    void keepsItsDataAcrossAStopAndStartInTheSameDirectory() throws Exception {
        Path dir = Files.createTempDirectory("cutover-local-pg-");
        try (LocalPostgresCluster pg = LocalPostgresCluster.at(dir).setting("fsync", "off").start()) {
            pg.createDatabase("app");
            pg.createDatabase("app");
            try (var c = DriverManager.getConnection(pg.jdbcUrl("app"), LocalPostgresCluster.SUPERUSER, "");
                 var st = c.createStatement()) {
                st.execute("CREATE TABLE kept (v text)");
                st.execute("INSERT INTO kept VALUES ('survives')");
            }
        }
        try (LocalPostgresCluster pg = LocalPostgresCluster.at(dir).start()) {
            try (var c = DriverManager.getConnection(pg.jdbcUrl("app"), LocalPostgresCluster.SUPERUSER, "");
                 var rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("survives");
            }
        }
    }
}
