package io.cutover.applier;

import io.cutover.core.control.ControlSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The Postgres table a source table is applied to. Normally the source table's own name; when another
 * source already owns that name (two SQLite files, or a file and a JSON directory, both with a
 * {@code users} table), {@code <source>__<table>}, so that their rows never mix. Once chosen, a name
 * is kept: it is recorded in {@code <control>.tables}, which the reconciler and the control commands
 * read too.
 */
final class TargetNames {
    private final ControlSchema control;
    private final String targetSchema;

    TargetNames(ControlSchema control, String targetSchema) {
        this.control = control;
        this.targetSchema = targetSchema;
    }

    String of(Connection c, String source, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT target_table FROM " + control.qualified("tables")
                + " WHERE source = ? AND source_table = ?")) {
            ps.setString(1, source);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + control.qualified("tables")
                + " WHERE target_schema = ? AND target_table = ? AND NOT (source = ? AND source_table = ?)")) {
            ps.setString(1, targetSchema);
            ps.setString(2, table);
            ps.setString(3, source);
            ps.setString(4, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return table;
                }
            }
        }
        String name = source + "__" + table;
        return name.length() <= 63 ? name : name.substring(0, 54) + "_" + Integer.toHexString(name.hashCode());
    }
}
