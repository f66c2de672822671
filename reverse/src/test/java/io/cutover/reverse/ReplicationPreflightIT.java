package io.cutover.reverse;

import io.cutover.control.ControlException;
import io.cutover.core.control.ControlSchema;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reverse path's preconditions are checked with a message that says what to change. */
@ExtendWith(PostgresExtension.class)
class ReplicationPreflightIT {
    @Test
    void aUserWithoutReplicationIsToldWhichAlterRoleToRun(PostgresFixture pg) throws Exception {
        try (Connection admin = pg.connection()) {
            admin.createStatement().execute("DROP ROLE IF EXISTS cutover_norepl");
            admin.createStatement().execute("CREATE ROLE cutover_norepl LOGIN NOREPLICATION");
        }
        Properties p = new Properties();
        p.setProperty("user", "cutover_norepl");
        p.setProperty("password", "unused"); // the throwaway cluster trusts local connections
        ReplicationSetup setup = new ReplicationSetup(new ControlSchema("preflight_control"), "preflight_slot", "preflight_pub");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p)) {
            assertThatThrownBy(() -> setup.preflight(c)).isInstanceOf(ControlException.class)
                    .hasMessageContaining("cutover_norepl may not replicate")
                    .hasMessageContaining("ALTER ROLE cutover_norepl WITH REPLICATION");
        }
        try (Connection c = pg.connection()) {
            setup.preflight(c); // the fixture's superuser on a wal_level=logical cluster passes
            assertThat(setup.exists(c)).isFalse();
        }
    }
}
