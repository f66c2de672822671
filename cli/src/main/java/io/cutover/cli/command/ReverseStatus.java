package io.cutover.cli.command;

import io.cutover.cli.control.ControlContext;
import io.cutover.reverse.ReplicationSetup;
import io.cutover.reverse.ReverseDrain;

import java.sql.Connection;

/**
 * What {@code status} shows of reverse replication: the slot (present, streaming), the WAL it
 * retains, and the events not yet written back.
 *
 * @param retainedWalBytes null when there is no slot
 */
record ReverseStatus(String slot, boolean slotExists, boolean streaming, Long retainedWalBytes, long lagEvents) {
    static ReverseStatus read(ControlContext ctx) throws Exception {
        var s = ctx.reverseSettings();
        ReplicationSetup setup = new ReplicationSetup(ctx.control(), s.slotName(), s.publication());
        long lag = new ReverseDrain(s, ctx.admin()).lag().values().stream().mapToLong(Long::longValue).sum();
        try (Connection c = ctx.pool().getConnection()) {
            var wal = setup.retainedWalBytes(c);
            return new ReverseStatus(s.slotName(), setup.exists(c), setup.active(c),
                    wal.isPresent() ? wal.getAsLong() : null, lag);
        }
    }

    String describe() {
        if (!slotExists) {
            return "slot " + slot + " not present (it is created by switch-writes, dropped by rollback and finalize)";
        }
        return String.format("slot %s %s, retaining %d kB of WAL; %d events not yet written back", slot,
                streaming ? "streaming" : "NOT streaming (is `cutover run` up with reverse.enabled?)",
                retainedWalBytes == null ? 0 : retainedWalBytes / 1024, lagEvents);
    }
}
