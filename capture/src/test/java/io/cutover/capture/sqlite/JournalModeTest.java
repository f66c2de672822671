package io.cutover.capture.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JournalModeTest {
    @TempDir
    Path dir;

    private static String mode(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private SqliteConnectorConfig cfg(Path db, boolean wal) {
        return SqliteConnectorConfig.from(Map.of(SqliteConnectorConfig.SOURCE_NAME, "j",
                SqliteConnectorConfig.PATH, db.toString(), SqliteConnectorConfig.SWITCH_TO_WAL, Boolean.toString(wal)));
    }

    @Test
    void switchesToWalOnlyWhenAsked() throws Exception {
        Path db = dir.resolve("j.db");
        try (Connection app = TestDb.app(db)) {
            TestDb.exec(app, "CREATE TABLE t(x)");
        }
        try (Connection c = SqliteFiles.open(db, 1000)) {
            JournalMode.check(c, cfg(db, false));
            assertThat(mode(c)).isEqualTo("delete");
            JournalMode.check(c, cfg(db, true));
        }
        try (Connection app = TestDb.app(db)) {
            assertThat(mode(app)).isEqualTo("wal"); // persistent: the app's next connection is in WAL mode
        }
    }
}
