package io.cutover.control;

import io.cutover.core.control.Identifiers;
import io.cutover.core.schema.ForeignKeySchema;
import io.cutover.core.schema.IndexSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Brings the source's unique indexes and foreign keys into force in Postgres. Before cutover the
 * applier creates unique indexes without UNIQUE and no foreign keys, because rows of different keys
 * arrive in no common order; once writes are frozen and drained, the data is complete and they can
 * be enforced. Runs in the caller's transaction: a violation rolls everything back and names the
 * constraint, and the switch is abandoned.
 */
final class ConstraintEnforcer {
    private ConstraintEnforcer() {
    }

    static List<String> enforce(Connection c, MigratedTables tables) throws SQLException {
        List<String> done = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (MigratedTables.Table t : tables.tables()) {
                for (IndexSchema ix : t.schema().indexes()) {
                    if (!ix.unique()) {
                        continue;
                    }
                    String name = shorten(t.targetTable() + "__" + ix.name() + "_unique");
                    st.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + Identifiers.quote(name) + " ON " + t.qualified()
                            + " (" + quoted(ix.columns()) + ")");
                    done.add("unique " + t.qualified() + " (" + String.join(", ", ix.columns()) + ")");
                }
                int n = 0;
                for (ForeignKeySchema fk : t.schema().foreignKeys()) {
                    var parent = tables.find(t.source(), fk.refTable());
                    if (parent.isEmpty()) {
                        done.add("foreign key of " + t.qualified() + " to " + fk.refTable() + " skipped: that table is not migrated");
                        continue;
                    }
                    List<String> refCols = fk.refColumns() == null || fk.refColumns().isEmpty()
                            ? parent.get().schema().primaryKey() : fk.refColumns();
                    String name = shorten(t.targetTable() + "_fk" + (++n));
                    st.execute("ALTER TABLE " + t.qualified() + " DROP CONSTRAINT IF EXISTS " + Identifiers.quote(name));
                    st.execute("ALTER TABLE " + t.qualified() + " ADD CONSTRAINT " + Identifiers.quote(name) + " FOREIGN KEY ("
                            + quoted(fk.columns()) + ") REFERENCES " + parent.get().qualified() + " (" + quoted(refCols) + ")"
                            + action("DELETE", fk.onDelete()) + action("UPDATE", fk.onUpdate()));
                    done.add("foreign key " + t.qualified() + " (" + String.join(", ", fk.columns()) + ") -> "
                            + parent.get().qualified());
                }
            }
        }
        return done;
    }

    private static String action(String on, String what) {
        if (what == null || what.isBlank() || what.equalsIgnoreCase("NO ACTION")) {
            return "";
        }
        String w = what.toUpperCase(java.util.Locale.ROOT);
        return List.of("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT").contains(w) ? " ON " + on + " " + w : "";
    }

    private static String quoted(List<String> cols) {
        return cols.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    private static String shorten(String n) {
        return n.length() <= 63 ? n : n.substring(0, 54) + "_" + Integer.toHexString(n.hashCode());
    }
}
