package io.cutover.reconciler;

import io.cutover.capture.sqlite.KeyCodec;
import io.cutover.capture.sqlite.Sql;
import io.cutover.capture.sqlite.TriggerInstaller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Repairs a confirmed mismatch by writing a changelog entry, exactly as capture's triggers would
 * (the key encoded by the very SQL expression the triggers use, {@link KeyCodec#sqlExpr}): capture
 * then re-reads the key's current row and emits it, or a delete when the source has no such row, in
 * order with the live changes. Nothing is written to Postgres directly.
 */
public final class Repairer {
    /** The repair of one difference, for dry runs and logs. */
    public record Plan(Difference difference, String op) {
        public String describe() {
            return ("d".equals(op) ? "emit a delete of " : "re-emit the source row of ") + difference.table().label()
                    + " " + difference.keyMap();
        }
    }

    public static Plan plan(Difference d) {
        return new Plan(d, d.kind() == Difference.Kind.EXTRA ? "d" : "u");
    }

    /** Writes the changelog entry; returns its seq, the position the repair travels at. */
    public static long apply(Connection sqlite, Plan p) throws SQLException {
        MappedTable t = p.difference().table();
        boolean rowid = t.schema().usesRowid();
        List<Object> key = p.difference().sourceKey();
        List<String> cols = rowid ? List.of("_rowid_") : t.keyColumns();
        StringBuilder sub = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            sub.append(i > 0 ? ", " : "").append(KeyCodec.placeholder(key.get(i))).append(" AS ")
                    .append(rowid ? "_rowid_" : Sql.id(cols.get(i)));
        }
        String sql = "INSERT INTO " + TriggerInstaller.CHANGES + "(tbl, op, pk) SELECT ?, ?, "
                + KeyCodec.sqlExpr("NEW", t.keyColumns(), rowid) + " FROM (" + sub + ") AS NEW";
        try (PreparedStatement ps = sqlite.prepareStatement(sql)) {
            ps.setString(1, t.table());
            ps.setString(2, p.op());
            for (int i = 0; i < key.size(); i++) {
                KeyCodec.bind(ps, i + 3, key.get(i));
            }
            ps.executeUpdate();
        }
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
