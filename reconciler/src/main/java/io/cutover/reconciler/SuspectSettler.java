package io.cutover.reconciler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns suspects into confirmed mismatches, or drops them, once the pipeline has passed them: capture
 * has sent the source state they were seen in, and the applier's stored offsets reached the topic's
 * end offsets taken after that. Only then does a difference that persists, with the source
 * unchanged, count.
 */
final class SuspectSettler {
    private static final Logger LOG = LoggerFactory.getLogger(SuspectSettler.class);

    private final SuspectTracker suspects;
    private final Map<SuspectTracker.Id, Difference> confirmed;
    private final Map<String, SourceSide> sides;
    private final Map<String, TableVerifier> verifiers;
    private final PipelinePositions positions;
    private final Connection pgMeta;
    private final ReconcilerSettings settings;

    SuspectSettler(SuspectTracker suspects, Map<SuspectTracker.Id, Difference> confirmed, Map<String, SourceSide> sides,
                   Map<String, TableVerifier> verifiers, PipelinePositions positions, Connection pgMeta,
                   ReconcilerSettings settings) {
        this.suspects = suspects;
        this.confirmed = confirmed;
        this.sides = sides;
        this.verifiers = verifiers;
        this.positions = positions;
        this.pgMeta = pgMeta;
        this.settings = settings;
    }

    /**
     * Rechecks every suspect that the pipeline has carried past the position where it was seen:
     * equal now, it is dropped; still different with the source unchanged, it is confirmed;
     * different because the source changed, it is a new suspect.
     *
     * @return confirmed mismatches added in this call
     */
    List<Difference> settle() throws SQLException {
        List<Difference> newlyConfirmed = new ArrayList<>();
        Map<String, Map<Integer, Long>> ends = new HashMap<>();
        Map<String, Boolean> reached = new HashMap<>();
        sides.values().forEach(SourceSide::newRound);
        for (SuspectTracker.Suspect s : suspects.all()) {
            Difference d = s.difference();
            MappedTable t = d.table();
            SourceSide src = sides.get(t.source());
            if (s.endOffsets == null) {
                if (!src.captured(s, settings)) {
                    continue;
                }
                s.endOffsets = ends.computeIfAbsent(t.topic(), positions::endOffsets);
            }
            String reachKey = t.topic() + s.endOffsets;
            Boolean ok = reached.get(reachKey);
            if (ok == null) {
                ok = positions.applied(pgMeta, t.topic(), s.endOffsets);
                reached.put(reachKey, ok);
            }
            if (!ok) {
                continue;
            }
            SuspectTracker.Id id = SuspectTracker.Id.of(d);
            Optional<Difference> now;
            try {
                now = verifiers.get(t.source()).check(t, d.key(), d.sourceKey());
            } catch (SourceRows.Unreadable e) {
                continue;
            }
            if (now.isEmpty()) {
                suspects.remove(id);
            } else if (now.get().kind() == d.kind() && Objects.equals(now.get().sourceRow(), d.sourceRow())) {
                suspects.remove(id);
                confirmed.put(id, now.get());
                newlyConfirmed.add(now.get());
                LOG.warn("confirmed mismatch: {} {} {} {}", t.label(), ReconcileResultStore.keyJson(now.get()),
                        now.get().kind().label(), now.get().columns());
            } else {
                suspects.renew(now.get(), src.position());
            }
        }
        return newlyConfirmed;
    }

}
