package io.cutover.reverse;

import io.cutover.control.ControlException;
import io.cutover.control.CutoverStateStore;
import io.cutover.control.Phase;
import io.cutover.testkit.KafkaExtension;
import io.cutover.testkit.KafkaFixture;
import io.cutover.testkit.PostgresExtension;
import io.cutover.testkit.PostgresFixture;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static io.cutover.reverse.ReverseReplicationIT.SCHEMA;
import static io.cutover.reverse.ReverseReplicationIT.awaitCaughtUp;
import static io.cutover.reverse.ReverseReplicationIT.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** finalize leaves no slot, no publication, no trigger and no Cutover table behind. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class FinalizeIT {
    @Test
    void finalizeLeavesNoSlotPublicationTriggerOrChangelogBehind(KafkaFixture kafka, PostgresFixture pg, @TempDir Path dir)
            throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run(SCHEMA);
        try (Pipeline p = new Pipeline(kafka, pg, dir, db, "fin")) {
            awaitCaughtUp(pg, shell, "fin", "events");
            p.switchWrites();
            p.startReverse();
            try (Connection c = pg.connection()) {
                c.createStatement().execute("INSERT INTO fin.events (account_id, body) VALUES (1, 'last on pg')");
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(shell.query("SELECT count(*) FROM events WHERE body = 'last on pg';")).containsExactly("1"));
            Finalizer finalizer = new Finalizer(p.pool, p.reverse);
            assertThatThrownBy(() -> finalizer.finalizeMigration("test", true)).isInstanceOf(ControlException.class)
                    .hasMessageContaining("stop `cutover run`");
            p.stopReverse();
            p.stopForward(); // `cutover run` is stopped before finalize: its capture would re-install triggers
            List<String> plan = finalizer.finalizeMigration("test", false);
            assertThat(plan).anyMatch(l -> l.contains("fin_slot")).anyMatch(l -> l.contains("_cutover_changes"));
            assertThat(cutoverObjects(shell)).as("a dry run changes nothing").isNotEqualTo("0");
            try (Connection c = pg.connection()) {
                assertThat(count(c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'fin_slot'")).isEqualTo(1);
            }

            finalizer.finalizeMigration("test", true);
            assertThat(cutoverObjects(shell)).as("no trigger, no changelog, no Cutover table in the SQLite file").isEqualTo("0");
            assertThat(shell.query("SELECT count(*) FROM sqlite_master WHERE type = 'trigger';")).containsExactly("0");
            shell.run("INSERT INTO events (account_id, body) VALUES (1, 'the app owns its file again');\n");
            try (Connection c = pg.connection()) {
                assertThat(count(c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'fin_slot'")).isZero();
                assertThat(count(c, "SELECT count(*) FROM pg_publication WHERE pubname = 'fin_pub'")).isZero();
                assertThat(count(c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'fin_control' "
                        + "AND tablename = 'reverse_marker'")).isZero();
                CutoverStateStore store = new CutoverStateStore(p.control);
                assertThat(store.read(c).phase()).isEqualTo(Phase.FINALIZED);
                assertThat(store.history(c, 1).get(0).reason()).startsWith("finalized: ").contains("fin_slot");
            }
            assertThatThrownBy(() -> finalizer.finalizeMigration("test", true)).hasMessageContaining("already finalized");
        }
    }

    private static String cutoverObjects(SqliteShell shell) throws Exception {
        return shell.query("SELECT count(*) FROM sqlite_master WHERE name LIKE '%cutover%';").get(0);
    }
}
