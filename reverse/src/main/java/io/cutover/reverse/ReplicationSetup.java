package io.cutover.reverse;

import io.cutover.control.ControlException;
import io.cutover.control.MigratedTables;
import io.cutover.core.control.ControlSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The Postgres side of the reverse path: its preconditions, the publication (the migrated tables
 * plus the drain marker table) and the logical replication slot ({@code pgoutput}). The slot is
 * created while writes are frozen at the switch, so it holds every change made on Postgres after it;
 * it is removed by rollback or finalize, because an abandoned slot keeps WAL until the disk is full.
 */
public final class ReplicationSetup {
    /** The one-row table the drain writes a token into; it travels through the slot like any change. */
    public static final String MARKER_TABLE = "reverse_marker";
    private final ControlSchema control;
    private final String slot;
    private final String publication;

    public ReplicationSetup(ControlSchema control, String slot, String publication) {
        this.control = control;
        this.slot = slot;
        this.publication = publication;
    }

    /** Throws with what to change when Postgres cannot host the reverse path. */
    public void preflight(Connection c) throws SQLException {
        String wal = single(c, "SHOW wal_level");
        if (!"logical".equals(wal)) {
            throw new ControlException("reverse replication needs wal_level=logical, and this Postgres has " + wal
                    + ": run `ALTER SYSTEM SET wal_level = logical` as a superuser and restart Postgres");
        }
        if (!"t".equals(single(c, "SELECT (rolreplication OR rolsuper)::text::char FROM pg_roles WHERE rolname = current_user"))) {
            throw new ControlException("the Postgres user " + single(c, "SELECT current_user") + " may not replicate: "
                    + "run `ALTER ROLE " + single(c, "SELECT quote_ident(current_user)") + " WITH REPLICATION` as a superuser");
        }
        if (!exists(c) && Long.parseLong(single(c, "SELECT (current_setting('max_replication_slots')::int - "
                + "(SELECT count(*) FROM pg_replication_slots))::text")) < 1) {
            throw new ControlException("no free replication slot: raise max_replication_slots (and restart Postgres) "
                    + "or drop an unused slot (SELECT slot_name, active FROM pg_replication_slots)");
        }
    }

    /** Creates what is missing: the marker table, the publication over {@code tables} and the slot. */
    public List<String> create(Connection c, MigratedTables tables) throws SQLException {
        preflight(c);
        List<String> done = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + marker() + " (id int PRIMARY KEY, token text NOT NULL)");
            String list = tables.tables().stream().map(MigratedTables.Table::qualified).collect(Collectors.joining(", "));
            list = list.isEmpty() ? marker() : list + ", " + marker();
            if (publicationExists(c)) {
                st.execute("ALTER PUBLICATION " + quote(publication) + " SET TABLE " + list);
            } else {
                st.execute("CREATE PUBLICATION " + quote(publication) + " FOR TABLE " + list);
            }
            done.add("publication " + publication + " over " + tables.tables().size() + " tables");
        }
        if (!exists(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
                ps.setString(1, slot);
                ps.execute();
            }
            done.add("replication slot " + slot + " (pgoutput)");
        }
        return done;
    }

    /**
     * Drops the slot, the publication and the marker table. A slot still streaming to a reverse
     * capture is refused unless {@code terminate}, which ends that walsender first.
     */
    public List<String> drop(Connection c, boolean terminate) throws SQLException {
        List<String> done = new ArrayList<>();
        if (exists(c)) {
            String pid = single(c, "SELECT coalesce(active_pid::text, '') FROM pg_replication_slots WHERE slot_name = "
                    + literal(slot));
            if (!pid.isEmpty()) {
                if (!terminate) {
                    throw new ControlException("replication slot " + slot + " is in use by process " + pid + ": stop "
                            + "`cutover run` (its reverse path streams from it) and try again");
                }
                single(c, "SELECT pg_terminate_backend(" + Integer.parseInt(pid) + ")::text");
            }
            dropSlot(c);
            done.add("dropped replication slot " + slot);
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP PUBLICATION IF EXISTS " + quote(publication));
            st.execute("DROP TABLE IF EXISTS " + marker());
        }
        done.add("dropped publication " + publication);
        return done;
    }

    /**
     * Forgets the connector's position in a dropped slot: a new slot starts a new stream, and an old
     * LSN in the offsets would not match it.
     */
    public static void forgetPosition(ReverseSettings settings) throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(ReverseEngineProperties.offsetFile(settings));
    }

    /** The terminated walsender may hold the slot a moment longer: retried for a few seconds. */
    private void dropSlot(Connection c) throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                ps.setString(1, slot);
                ps.execute();
                return;
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100); // waiting for another backend to exit, bounded by the deadline
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while dropping the slot", ie);
            }
        }
    }

    public boolean exists(Connection c) throws SQLException {
        return !single(c, "SELECT count(*)::text FROM pg_replication_slots WHERE slot_name = " + literal(slot)).equals("0");
    }

    public boolean publicationExists(Connection c) throws SQLException {
        return !single(c, "SELECT count(*)::text FROM pg_publication WHERE pubname = " + literal(publication)).equals("0");
    }

    /** Bytes of WAL the slot keeps from being recycled; empty when there is no slot. */
    public OptionalLong retainedWalBytes(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), "
                + "restart_lsn)::bigint FROM pg_replication_slots WHERE slot_name = " + literal(slot))) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    /** Whether a process streams from the slot now. */
    public boolean active(Connection c) throws SQLException {
        return "t".equals(single(c, "SELECT coalesce(bool_or(active)::text::char, 'f') FROM pg_replication_slots "
                + "WHERE slot_name = " + literal(slot)));
    }

    public String marker() {
        return control.qualified(MARKER_TABLE);
    }

    public String slot() {
        return slot;
    }

    public String publication() {
        return publication;
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static String quote(String id) {
        return "\"" + id.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
