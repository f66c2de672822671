package io.cutover.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import io.cutover.capture.sqlite.SqliteFiles;
import io.cutover.capture.sqlite.SqliteSchemaReader;
import io.cutover.capture.sqlite.TriggerInstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptureRunnerUninstallTest {
    @TempDir
    Path dir;

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void dryRunDescribesAndExecuteRemovesTriggersChangelogAndOffsets() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = app.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
        }
        try (Connection c = SqliteFiles.open(db, 1000)) {
            new TriggerInstaller(c).install(List.of(new SqliteSchemaReader(c, "app").read("t", false)));
        }
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("app.offsets"), "x");
        CaptureSettings settings = CaptureSettings.of("localhost:1", state,
                List.of(new CaptureSettings.Sqlite("app", db, null, null, false)));

        List<String> plan = CaptureRunner.uninstall(settings, false);
        assertThat(plan).hasSize(2).anySatisfy(l -> assertThat(l).contains("_cutover_changes"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            // three triggers, the changelog and the write guard
            assertThat(count(c, "SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_cutover%' ESCAPE '\\'")).isEqualTo(5);
        }

        CaptureRunner.uninstall(settings, true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(count(c, "SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_cutover%' ESCAPE '\\'")).isZero();
        }
        assertThat(state.resolve("app.offsets")).doesNotExist();
    }

    @Test
    void aFileThatIsNotADatabaseIsFatalWithAMessage() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.db"), "this is not sqlite, just text long enough to be a header".repeat(20));
        assertThatThrownBy(() -> SqliteFiles.open(junk, 100))
                .isInstanceOf(SqliteFiles.FatalSourceException.class).hasMessageContaining("not a SQLite database");
        assertThatThrownBy(() -> SqliteFiles.open(dir.resolve("missing.db"), 100))
                .isInstanceOf(SqliteFiles.FatalSourceException.class).hasMessageContaining("does not exist");
        assertThat(dir.resolve("missing.db")).doesNotExist();
    }
}
