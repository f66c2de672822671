package io.cutover.capture.sqlite;

import io.cutover.core.schema.ColumnSchema;
import io.cutover.core.schema.StorageClass;
import io.cutover.core.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteSchemaReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryTableKind() throws Exception {
        Path f = dir.resolve("s.db");
        try (Connection app = TestDb.app(f)) {
            TestDb.exec(app,
                    "CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, active BOOLEAN DEFAULT 1,"
                            + " created_at DATETIME, score REAL)",
                    "CREATE INDEX users_score ON users(score)",
                    "CREATE TABLE alias(id INTEGER PRIMARY KEY, v)",
                    "CREATE TABLE pairs(a TEXT, b INT, v, PRIMARY KEY(b, a)) WITHOUT ROWID",
                    "CREATE TABLE nokey(msg TEXT, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE)",
                    "CREATE TABLE \"order\"(\"gro\"\"up\" TEXT PRIMARY KEY, \"naïve col\" INT)",
                    "INSERT INTO users(email, active, created_at, score) VALUES ('a@x', 1, '2024-01-02 03:04:05', 1.5),"
                            + " ('b@x', 0, 1700000000, 2)",
                    "INSERT INTO pairs VALUES ('x', 1, 'text'), ('y', 2, 3)");
        }
        try (Connection c = SqliteFiles.open(f, 1000)) {
            SqliteSchemaReader r = new SqliteSchemaReader(c, "app");
            new TriggerInstaller(c).ensureChangelog();
            assertThat(r.tableNames()).containsExactly("alias", "nokey", "order", "pairs", "users");

            TableSchema users = r.read("users", true);
            assertThat(users.primaryKey()).containsExactly("id");
            assertThat(users.autoincrement()).isEqualTo("id");
            assertThat(users.withoutRowid()).isFalse();
            ColumnSchema email = users.column("email").orElseThrow();
            assertThat(email.notNull()).isTrue();
            assertThat(users.column("active").orElseThrow().defaultSql()).isEqualTo("1");
            assertThat(users.column("active").orElseThrow().profile().allBoolean01()).isTrue();
            assertThat(users.column("created_at").orElseThrow().profile().allTimestamps()).isTrue();
            assertThat(users.column("created_at").orElseThrow().profile().valueClasses())
                    .containsExactlyInAnyOrder(StorageClass.TEXT, StorageClass.INTEGER);
            assertThat(users.column("score").orElseThrow().profile().valueClasses()).containsExactly(StorageClass.REAL);
            assertThat(users.indexes()).anySatisfy(i -> assertThat(i.unique()).isTrue())
                    .anySatisfy(i -> assertThat(i.columns()).containsExactly("score"));

            assertThat(r.read("alias", false).autoincrement()).isEqualTo("id");
            TableSchema pairs = r.read("pairs", true);
            assertThat(pairs.withoutRowid()).isTrue();
            assertThat(pairs.primaryKey()).containsExactly("b", "a");
            assertThat(pairs.autoincrement()).isNull();
            assertThat(pairs.column("v").orElseThrow().profile().valueClasses())
                    .containsExactlyInAnyOrder(StorageClass.TEXT, StorageClass.INTEGER);

            TableSchema nokey = r.read("nokey", false);
            assertThat(nokey.usesRowid()).isTrue();
            assertThat(nokey.foreignKeys()).singleElement().satisfies(fk -> {
                assertThat(fk.refTable()).isEqualTo("users");
                assertThat(fk.columns()).isEqualTo(List.of("user_id"));
                assertThat(fk.onDelete()).isEqualTo("CASCADE");
            });
            TableSchema order = r.read("order", false);
            assertThat(order.primaryKey()).containsExactly("gro\"up");
            assertThat(order.columns()).extracting(ColumnSchema::name).containsExactly("gro\"up", "naïve col");
        }
    }

    @Test
    void identifiersAreQuotedWithDoubling() {
        assertThat(Sql.id("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Sql.id("select")).isEqualTo("\"select\"");
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
    }
}
