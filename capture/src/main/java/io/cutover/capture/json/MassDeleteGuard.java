package io.cutover.capture.json;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds changes that would delete more than the configured share of a file's records: an app that
 * wrote {@code []} by mistake, or a half-migrated file, must not empty the Postgres table. The held
 * rows stay in the file's state, so they are held again on every later change until the file has them
 * again or the operator releases them ({@code allow-mass-delete: true}). Upserts of the same change
 * still flow. Exported as {@code cutover_capture_held_deletes{source,file}}.
 */
final class MassDeleteGuard {
    private static final Logger LOG = LoggerFactory.getLogger(MassDeleteGuard.class);
    private static final Map<String, AtomicLong> HELD = new ConcurrentHashMap<>();

    private final String source;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    MassDeleteGuard(String source) {
        this.source = source;
    }

    /** The diff to emit: {@code diff} itself, or without its deletes (kept in the next state) when held. */
    JsonDiffer.Diff apply(JsonFileMapping m, FileState base, JsonDiffer.Diff diff) {
        long records = base.rowCount(m.table());
        long deletes = diff.deletes(m.table());
        boolean hold = !m.allowMassDelete() && deletes > 0 && deletes > m.massDeleteShare() * records;
        held(m.file()).set(hold ? deletes : 0);
        if (!hold) {
            lastLogged.remove(m.file());
            return diff;
        }
        if (!Long.valueOf(deletes).equals(lastLogged.put(m.file(), deletes))) {
            LOG.warn("{}/{}: this change would delete {} of {} records of table {} (more than {}%); the deletes are HELD, "
                            + "nothing is deleted. If they are intended, set allow-mass-delete: true on this file "
                            + "(sources[].files[].allow-mass-delete) and restart capture (cutover resnapshot --table {} --execute "
                            + "will do it without a restart once available); otherwise restore the file.",
                    source, m.file(), deletes, records, m.table(), Math.round(m.massDeleteShare() * 100), m.table());
        }
        List<JsonDiffer.Change> kept = new ArrayList<>();
        Map<String, Map<String, String>> next = new LinkedHashMap<>();
        diff.next().forEach((t, rows) -> next.put(t, new LinkedHashMap<>(rows)));
        for (JsonDiffer.Change c : diff.changes()) {
            if (c.isDelete()) {
                next.computeIfAbsent(c.table(), t -> new LinkedHashMap<>()).put(c.keyText(), base.rows(c.table()).get(c.keyText()));
            } else {
                kept.add(c);
            }
        }
        return new JsonDiffer.Diff(kept, next);
    }

    private AtomicLong held(String file) {
        return HELD.computeIfAbsent(source + "\u0000" + file, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("cutover.capture.held.deletes", v, AtomicLong::get)
                    .description("deletes held because they would remove more than the allowed share of a file's records")
                    .tags(Tags.of("source", source, "file", file)).register(Metrics.globalRegistry);
            return v;
        });
    }

    /** Deletes held now for a file (for tests and status). */
    static long heldNow(String source, String file) {
        AtomicLong v = HELD.get(source + "\u0000" + file);
        return v == null ? 0 : v.get();
    }
}
