package io.cutover.reverse;

import io.cutover.capture.sqlite.TriggerInstaller;
import io.cutover.control.SqliteFence;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.Op;
import io.cutover.core.event.SourceInfo;
import io.cutover.core.schema.ColumnProfile;
import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.TableSchema;
import io.cutover.testkit.SqliteShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write guard: a write-back produces no changelog row (else Postgres's change would travel
 * forward again) and passes the fence, while an app write, through the real sqlite3 shell, is still
 * captured and still refused by the fence.
 */
class ReverseWriteNotCapturedIT {
    @Test
    void aWriteBackLeavesNoChangelogRowAndPassesTheFenceWhileAnAppWriteIsStillCaptured(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\nINSERT INTO notes VALUES (1, 'one');\n");
        TableSchema notes = new TableSchema("sqlite", "app", "notes", List.of(
                new ColumnSchema("id", "INTEGER", false, null, 1, ColumnProfile.empty()),
                new ColumnSchema("body", "TEXT", false, null, 0, ColumnProfile.empty())), List.of("id"), false, "id",
                List.of(), List.of());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            new TriggerInstaller(c).install(List.of(notes));
        }
        shell.run("INSERT INTO notes VALUES (2, 'app');\n");
        assertThat(shell.query("SELECT count(*) FROM _cutover_changes;")).as("an app write is captured").containsExactly("1");

        try (SqliteWriteBack back = new SqliteWriteBack(db)) {
            back.apply(List.of(event(3, "from postgres"), event(1, "edited on postgres")), Map.of("t/0", 2L));
            assertThat(shell.query("SELECT count(*) FROM _cutover_changes;")).as("a write-back is not").containsExactly("1");
            SqliteFence.install(db);
            back.apply(List.of(event(4, "while fenced")), Map.of("t/0", 3L));
            assertThat(back.offsets()).containsEntry("t/0", 3L);
        }
        assertThat(shell.query("SELECT id, body FROM notes ORDER BY id;"))
                .containsExactly("1|edited on postgres", "2|app", "3|from postgres", "4|while fenced");
        assertThat(shell.query("SELECT count(*) FROM _cutover_changes;")).containsExactly("1");
        assertThat(shell.query("SELECT count(*) FROM " + TriggerInstaller.GUARD + ";")).as("the guard is never left set")
                .containsExactly("0");
        assertThatThrownBy(() -> shell.run("INSERT INTO notes VALUES (5, 'app while fenced');\n"))
                .hasMessageContaining("Cutover");
        SqliteFence.remove(db);
        shell.run("INSERT INTO notes VALUES (5, 'app after');\n");
        assertThat(shell.query("SELECT count(*) FROM _cutover_changes;")).containsExactly("2");
    }

    @Test
    void aRowTheSourceRejectsStopsTheWriteBackNamingTableAndKeyAndLeavesNothingHalfApplied(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        SqliteShell shell = new SqliteShell(db);
        shell.run("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT CHECK (length(body) < 10));\n");
        try (SqliteWriteBack back = new SqliteWriteBack(db)) {
            assertThatThrownBy(() -> back.apply(List.of(event(1, "short"), event(2, "far too long for the check")),
                    Map.of("t/0", 2L))).hasMessageContaining("table notes").hasMessageContaining("key {id=2}");
            assertThat(back.offsets()).as("the position did not move past the rejected record").isEmpty();
        }
        assertThat(shell.query("SELECT count(*) FROM notes;")).as("the whole batch rolled back").containsExactly("0");
        assertThat(shell.query("SELECT count(*) FROM " + TriggerInstaller.GUARD + ";")).containsExactly("0");
    }

    private static ChangeEvent event(long id, String body) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("body", body);
        return new ChangeEvent(Map.of("id", id), null, row, Op.CREATE, 0, new SourceInfo("postgresql", "app", "notes", 0, 0, false));
    }
}
