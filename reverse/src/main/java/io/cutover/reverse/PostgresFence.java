package io.cutover.reverse;

import io.cutover.control.MigratedTables;
import io.cutover.core.control.ControlSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the migrated tables refuse writes while a rollback drains the reverse path: a statement
 * trigger {@code cutover_fence} on each that raises an error naming Cutover, for apps that did not
 * see the routing turn to {@code writes: "frozen"} yet. Creating a trigger waits for the writing
 * transactions in flight to end, so once {@link #install} commits every acknowledged write is in the
 * WAL before the drain's marker.
 */
public final class PostgresFence {
    static final String TRIGGER = "cutover_fence";
    /** What an app's refused write says. */
    public static final String MESSAGE = "Cutover: writes are frozen while rolling back to the source; read "
            + "GET /v1/routing and retry";

    private PostgresFence() {
    }

    /** Fences every migrated table, in the caller's transaction. */
    public static void install(Connection c, ControlSchema control, MigratedTables tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE FUNCTION " + function(control) + " RETURNS trigger LANGUAGE plpgsql AS $f$ "
                    + "BEGIN RAISE EXCEPTION '" + MESSAGE + "' USING ERRCODE = '55000'; END $f$");
            for (MigratedTables.Table t : tables.tables()) {
                st.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + t.qualified());
                st.execute("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + t.qualified()
                        + " FOR EACH STATEMENT EXECUTE FUNCTION " + function(control));
            }
        }
    }

    /** Removes the fences, in the caller's transaction; safe when there are none. */
    public static void remove(Connection c, ControlSchema control, MigratedTables tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (MigratedTables.Table t : tables.tables()) {
                st.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + t.qualified());
            }
            st.execute("DROP FUNCTION IF EXISTS " + function(control));
        }
    }

    private static String function(ControlSchema control) {
        return control.qualified("cutover_frozen") + "()";
    }
}
