package io.cutover.reverse;

import io.cutover.control.MigratedTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoes what the write switch brought into force that the forward applier cannot live with: foreign
 * keys ({@code <table>_fkN}) and unique indexes ({@code ..._unique}). Back on the source, rows of
 * different tables again arrive in no common order, so a child may land before its parent, and two
 * rows swapping a unique value pass through a state with a duplicate. Sequences stay: the applier
 * writes explicit ids, and the next switch repositions them.
 */
final class ConstraintRelease {
    private ConstraintRelease() {
    }

    /** Drops them in the caller's transaction; returns what was dropped. */
    static List<String> release(Connection c, MigratedTables tables) throws SQLException {
        List<String> done = new ArrayList<>();
        for (MigratedTables.Table t : tables.tables()) {
            for (String fk : names(c, "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = ?::regclass "
                    + "AND conname ~ '_fk[0-9]+$'", t)) {
                exec(c, "ALTER TABLE " + t.qualified() + " DROP CONSTRAINT IF EXISTS " + quote(fk));
                done.add("foreign key " + fk + " of " + t.qualified() + " dropped");
            }
            for (String ix : names(c, "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    + "WHERE x.indrelid = ?::regclass AND x.indisunique AND NOT x.indisprimary AND i.relname LIKE '%\\_unique'", t)) {
                exec(c, "DROP INDEX IF EXISTS " + quote(t.targetSchema()) + "." + quote(ix));
                done.add("unique index " + ix + " of " + t.qualified() + " dropped");
            }
        }
        return done;
    }

    private static List<String> names(Connection c, String sql, MigratedTables.Table t) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t.qualified());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String quote(String id) {
        return "\"" + id.replace("\"", "\"\"") + "\"";
    }
}
