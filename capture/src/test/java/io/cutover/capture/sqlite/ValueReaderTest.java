package io.cutover.capture.sqlite;

import io.cutover.core.event.InvalidText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValueReaderTest {
    @TempDir
    Path dir;

    private List<Object> readAll(Connection c, String table, String col) throws Exception {
        List<Object> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT " + ValueReader.selectList(List.of(col)) + " FROM " + Sql.id(table) + " ORDER BY rowid")) {
            while (rs.next()) {
                out.add(ValueReader.readRow(rs, 1, List.of(col)).get(col));
            }
        }
        return out;
    }

    @Test
    void readsEveryStorageClassWithoutLoss() throws Exception {
        try (Connection c = TestDb.app(dir.resolve("v.db"))) {
            TestDb.exec(c, "CREATE TABLE t(v)", // no affinity: the value is stored as written
                    "INSERT INTO t VALUES (9223372036854775807), (-9223372036854775808), (-0.0), (1e308), (5e-324),"
                            + " (0.1), ('héllo'), (''), (x'00ff'), (x''), (NULL), (CAST(x'c328' AS TEXT)), (1.0)");
            List<Object> v = readAll(c, "t", "v");
            assertThat(v.get(0)).isEqualTo(Long.MAX_VALUE);
            assertThat(v.get(1)).isEqualTo(Long.MIN_VALUE);
            assertThat(v.get(2)).isInstanceOf(Double.class);
            assertThat(v.get(3)).isEqualTo(1e308);
            assertThat(v.get(4)).isEqualTo(Double.MIN_VALUE);
            assertThat(v.get(5)).isEqualTo(0.1);
            assertThat(v.get(6)).isEqualTo("héllo");
            assertThat(v.get(7)).isEqualTo("");
            assertThat((byte[]) v.get(8)).containsExactly(0, 0xff);
            assertThat((byte[]) v.get(9)).isEmpty();
            assertThat(v.get(10)).isNull();
            assertThat(v.get(11)).isEqualTo(new InvalidText(new byte[]{(byte) 0xc3, 0x28}));
            assertThat(v.get(12)).isEqualTo(1.0).isInstanceOf(Double.class);
        }
    }

    @Test
    void negativeZeroKeepsItsSignWhereSqliteKeepsIt() throws Exception {
        try (Connection c = TestDb.app(dir.resolve("z.db"))) {
            TestDb.exec(c, "CREATE TABLE t(v BLOB)", "INSERT INTO t VALUES (-0.0)");
            double stored;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t")) {
                rs.next();
                stored = rs.getDouble(1);
            }
            Object read = readAll(c, "t", "v").get(0);
            // Whatever SQLite stored, the reader returns the same bits.
            assertThat(Double.doubleToRawLongBits((Double) read)).isEqualTo(Double.doubleToRawLongBits(stored));
        }
    }

    @Test
    void mixedClassesInOneColumnAreEachReadAsStored() throws Exception {
        try (Connection c = TestDb.app(dir.resolve("m.db"))) {
            TestDb.exec(c, "CREATE TABLE t(n INTEGER, s TEXT)",
                    "INSERT INTO t VALUES ('not a number', x'cafe'), (42, 7), (2.5, NULL)");
            assertThat(readAll(c, "t", "n")).containsExactly("not a number", 42L, 2.5);
            List<Object> s = readAll(c, "t", "s");
            assertThat((byte[]) s.get(0)).containsExactly(0xca, 0xfe);
            assertThat(s.get(1)).isEqualTo("7"); // TEXT affinity converted the integer on write
            assertThat(s.get(2)).isNull();
        }
    }

    @Test
    void strictDecodingNeverReplaces() {
        assertThat(ValueReader.decodeText("ok ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("ok ✓");
        assertThat(ValueReader.decodeText(new byte[]{(byte) 0xff})).isInstanceOf(InvalidText.class);
    }
}
