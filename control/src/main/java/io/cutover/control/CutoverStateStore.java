package io.cutover.control;

import io.cutover.core.control.ControlSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cutover phase and its history in the control schema: {@code cutover_state} (one row) and
 * {@code cutover_history} (every change, with who, when, why and the freeze). A change is a
 * compare-and-set from the phase the caller saw, so two operators cannot both switch.
 */
public final class CutoverStateStore {
    /** One recorded change of phase. */
    public record Change(Instant at, Phase from, Phase to, String by, String reason, Double freezeSeconds) {
    }

    private final ControlSchema control;

    public CutoverStateStore(ControlSchema control) {
        this.control = control;
    }

    /** Creates the tables and the initial {@code capturing} row when missing. */
    public void ensure(Connection c) throws SQLException {
        control.ensure(c);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + control.qualified("cutover_state") + " ("
                    + "id int PRIMARY KEY CHECK (id = 1), phase text NOT NULL, changed_by text NOT NULL, "
                    + "changed_at timestamptz NOT NULL DEFAULT now(), freeze_seconds double precision)");
            st.execute("ALTER TABLE " + control.qualified("cutover_state") + " ADD COLUMN IF NOT EXISTS frozen_until timestamptz");
            st.execute("INSERT INTO " + control.qualified("cutover_state") + " (id, phase, changed_by) VALUES (1, '"
                    + Phase.CAPTURING.code() + "', 'cutover') ON CONFLICT (id) DO NOTHING");
            st.execute("CREATE TABLE IF NOT EXISTS " + control.qualified("cutover_history") + " ("
                    + "id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), from_phase text NOT NULL, "
                    + "to_phase text NOT NULL, changed_by text NOT NULL, reason text, freeze_seconds double precision)");
        }
    }

    /** The recorded state, or the initial {@code capturing} one when none was ever recorded; creates nothing. */
    public CutoverState current(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, control.qualified("cutover_state"));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new CutoverState(Phase.CAPTURING, "cutover", Instant.EPOCH, null, null);
                }
            }
        }
        return read(c);
    }

    public CutoverState read(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT phase, changed_by, changed_at, "
                + "freeze_seconds, CASE WHEN frozen_until > now() THEN frozen_until END FROM "
                + control.qualified("cutover_state") + " WHERE id = 1")) {
            if (!rs.next()) {
                return new CutoverState(Phase.CAPTURING, "cutover", Instant.EPOCH, null, null);
            }
            Timestamp frozen = rs.getTimestamp(5);
            double f = rs.getDouble(4);
            Double freeze = rs.wasNull() ? null : f;
            return new CutoverState(Phase.fromCode(rs.getString(1)), rs.getString(2), rs.getTimestamp(3).toInstant(),
                    freeze, frozen == null ? null : frozen.toInstant());
        }
    }

    /**
     * Moves from {@code from} to {@code to} in the caller's transaction, recording the change.
     *
     * @return false when the phase is no longer {@code from} (someone else changed it)
     */
    public boolean transition(Connection c, Phase from, Phase to, String by, String reason, Double freezeSeconds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + control.qualified("cutover_state")
                + " SET phase = ?, changed_by = ?, changed_at = now(), freeze_seconds = coalesce(?, freeze_seconds), "
                + "frozen_until = NULL "
                + "WHERE id = 1 AND phase = ?")) {
            ps.setString(1, to.code());
            ps.setString(2, by);
            ps.setObject(3, freezeSeconds);
            ps.setString(4, from.code());
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + control.qualified("cutover_history")
                + " (from_phase, to_phase, changed_by, reason, freeze_seconds) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, from.code());
            ps.setString(2, to.code());
            ps.setString(3, by);
            ps.setString(4, reason);
            ps.setObject(5, freezeSeconds);
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Marks writes frozen for a switch out of {@code phase} (routing then says {@code writes: frozen}),
     * committed at once so that apps see it. The freeze ends by itself after {@code atMost}, so a switch
     * that dies (or loses Postgres) does not hold the apps' writes forever; resuming then is safe, as
     * the fences refuse (SQLite) or hold and fail the switch on (JSON) any write that comes too early.
     *
     * @return false when the phase is not {@code phase} (a freeze left by a switch that died is taken over)
     */
    public boolean freeze(Connection c, Phase phase, java.time.Duration atMost) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + control.qualified("cutover_state")
                + " SET frozen_until = now() + ? * interval '1 millisecond' WHERE id = 1 AND phase = ?")) {
            ps.setLong(1, atMost.toMillis());
            ps.setString(2, phase.code());
            return ps.executeUpdate() == 1;
        }
    }

    /** Ends a freeze without a phase change (the switch failed); a flip ends it by itself. */
    public void thaw(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE " + control.qualified("cutover_state") + " SET frozen_until = NULL WHERE id = 1");
        }
    }

    /** The most recent changes, newest first. */
    public List<Change> history(Connection c, int limit) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT at, from_phase, to_phase, changed_by, reason, "
                + "freeze_seconds FROM " + control.qualified("cutover_history") + " ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double f = rs.getDouble(6);
                    Double freeze = rs.wasNull() ? null : f;
                    Timestamp at = rs.getTimestamp(1);
                    out.add(new Change(at.toInstant(), Phase.fromCode(rs.getString(2)), Phase.fromCode(rs.getString(3)),
                            rs.getString(4), rs.getString(5), freeze));
                }
            }
        }
        return out;
    }
}
