package io.cutover.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalWritersIT {
    @TempDir
    Path dir;

    @Test
    void sqliteShellWritesAndReadsAFile() throws Exception {
        SqliteShell shell = new SqliteShell(dir.resolve("app.db"));
        shell.run("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ('ada'), ('bob');");
        assertThat(shell.query("SELECT id, name FROM users ORDER BY id;")).containsExactly("1|ada", "2|bob");
    }

    @Test
    void sqliteShellFailureCarriesItsMessage() {
        SqliteShell shell = new SqliteShell(dir.resolve("app.db"));
        assertThatThrownBy(() -> shell.run("SELECT * FROM missing_table;"))
                .hasMessageContaining("no such table: missing_table");
    }

    @Test
    void nodeRewritesAJsonFileWithTempThenRename() throws Exception {
        new NodeScript("""
                const fs = require('fs');
                const data = [{id: 1, name: 'ada'}];
                fs.writeFileSync('users.json.tmp', JSON.stringify(data));
                fs.renameSync('users.json.tmp', 'users.json');
                """).run(dir);
        assertThat(Files.readString(dir.resolve("users.json"))).isEqualTo("[{\"id\":1,\"name\":\"ada\"}]");
    }
}
