package io.cutover.testkit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PostgresExtension.class)
class PostgresFixtureIT {

    @Test
    void writesToAndReadsFromARealPostgres(PostgresFixture pg) throws Exception {
        try (var c = pg.connection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE t (id bigint PRIMARY KEY, note text, data bytea)");
            st.execute("INSERT INTO t VALUES (1, 'ünïcode ☃', '\\x00ff'::bytea)");
            ResultSet rs = st.executeQuery("SELECT note, data, current_database() FROM t WHERE id = 1");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ünïcode ☃");
            assertThat(rs.getBytes(2)).containsExactly(0, 0xff);
            assertThat(rs.getString(3)).isEqualTo(pg.database()).contains("postgresfixtureit");
        }
    }

    @Test
    void everyTestOfAClassSharesItsDatabase(PostgresFixture a, PostgresFixture b) {
        assertThat(a.database()).isEqualTo(b.database());
    }

    @Nested
    class AnotherClass {
        @Test
        void getsAFreshDatabase(PostgresFixture pg) throws Exception {
            assertThat(pg.database()).contains("anotherclass");
            try (var c = pg.connection(); var st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'");
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
