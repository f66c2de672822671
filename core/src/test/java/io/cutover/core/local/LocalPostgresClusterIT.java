package io.cutover.core.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPostgresClusterIT {
    private Path dir;

    @BeforeEach
    void newDir() throws Exception {
        dir = Files.createTempDirectory("cutover-local-pg-");
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        LocalPostgresCluster.at(dir).stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void keepsItsDataAndPortAcrossAStopAndStartInTheSameDirectory() throws Exception {
        int firstPort;
        try (LocalPostgresCluster pg = LocalPostgresCluster.at(dir).fsyncOff().start()) {
            firstPort = pg.port();
            pg.createDatabase("app");
            pg.createDatabase("app"); // idempotent
            try (Connection c = connect(pg, "app"); var st = c.createStatement()) {
                st.execute("CREATE TABLE kept (v text)");
                st.execute("INSERT INTO kept VALUES ('survives')");
            }
        }
        assertThat(LocalPostgresCluster.at(dir).isRunning()).isFalse();
        try (LocalPostgresCluster pg = LocalPostgresCluster.at(dir).start()) {
            assertThat(pg.port()).isEqualTo(firstPort);
            try (Connection c = connect(pg, "app"); var rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("survives");
            }
        }
    }

    @Test
    void aSecondHandleOnARunningClusterReusesItAndStopReallyStops() throws Exception {
        LocalPostgresCluster first = LocalPostgresCluster.at(dir).settings(Map.of("wal_level", "logical")).start();
        assertThat(first.isRunning()).isTrue();
        LocalPostgresCluster second = LocalPostgresCluster.at(dir).start();
        assertThat(second.port()).isEqualTo(first.port());
        try (Connection c = connect(second, "postgres"); var rs = c.createStatement().executeQuery("SHOW wal_level")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("logical");
        }
        assertThat(second.superuser()).isEqualTo("postgres");
        assertThat(first.logFile()).exists();

        second.stop();
        assertThat(first.isRunning()).isFalse();
        assertThatThrownBy(() -> connect(first, "postgres")).isInstanceOf(SQLException.class);
    }

    @Test
    void aServerThatCannotStartIsReportedWithTheReasonFromItsLog() {
        LocalPostgresCluster pg = LocalPostgresCluster.at(dir).setting("no_such_setting", "1");
        assertThatThrownBy(pg::start).hasMessageContaining("pg_ctl start failed")
                .hasMessageContaining("no_such_setting");
    }

    private static Connection connect(LocalPostgresCluster pg, String db) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(db), pg.superuser(), "");
    }
}
