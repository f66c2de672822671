package io.cutover.applier;

import io.cutover.core.control.ControlSchema;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The Postgres table a source table is applied to. Normally the source table's own name; when another
 * source already owns that name (two SQLite files, or a file and a JSON directory, both with a
 * {@code users} table), {@code <source>__<table>}, so that their rows never mix. Once chosen, a name
 * is kept: it is recorded in {@code <control>.tables}, which the reconciler and the control commands
 * read too. A name longer than Postgres's 63-byte identifier limit is shortened with a hash of the
 * whole name: Postgres would cut it silently, and two tables differing only past byte 63 would share
 * one table.
 */
final class TargetNames {
    /** Postgres keeps NAMEDATALEN - 1 bytes of an identifier. */
    static final int MAX_BYTES = 63;
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
            ps.setString(2, fit(table));
            ps.setString(3, source);
            ps.setString(4, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return fit(table);
                }
            }
        }
        return fit(source + "__" + table);
    }

    /** The name itself when Postgres keeps it whole (63 bytes of UTF-8), else its first bytes and a hash of all of it. */
    static String fit(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        String hash = String.format("_%08x", name.hashCode());
        StringBuilder head = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > MAX_BYTES - hash.length()) {
                break;
            }
            head.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return head + hash;
    }
}
