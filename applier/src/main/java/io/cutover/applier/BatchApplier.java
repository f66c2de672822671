package io.cutover.applier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one poll's records in one Postgres transaction, offsets included. The fast path keeps the
 * last change per key and writes each table in bulk. When one record is at fault, the transaction is
 * rolled back and redone record by record under savepoints, so exactly the bad records are isolated
 * and dead-lettered while the rest, and the offsets past them, commit together.
 */
final class BatchApplier {
    /** Thrown when a stored position moved under us: another consumer owns the partition now. */
    static final class Fenced extends RuntimeException {
        Fenced(TopicPartition tp) {
            super("the stored position of " + tp + " moved: another applier owns it now");
        }
    }

    /** What one batch did, for metrics and the caller. */
    record Outcome(List<ChangeRecord> applied, List<String> deadLetteredTables) {
    }

    private final TableManager tables;
    private final AppliedOffsetStore offsets;
    private final DeadLetterSink dlq;
    private final BatchWriter writer;
    private final boolean stopOnRejected;

    BatchApplier(TableManager tables, AppliedOffsetStore offsets, DeadLetterSink dlq, boolean stopOnRejected,
                 ApplierMetrics metrics) {
        this.writer = new BatchWriter(metrics);
        this.tables = tables;
        this.offsets = offsets;
        this.dlq = dlq;
        this.stopOnRejected = stopOnRejected;
    }

    Outcome apply(Connection c, List<Decoded> records, Map<TopicPartition, Long> positions)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            List<ChangeRecord> decoded = fastPath(c, records);
            advance(c, records, positions);
            c.commit();
            tables.committed();
            writer.committed();
            return new Outcome(decoded, List.of());
        } catch (RuntimeException | SQLException e) {
            c.rollback();
            tables.rolledBack();
            writer.rolledBack();
            if (!Failures.isPerRecord(e)) {
                throw e;
            }
        }
        try {
            Outcome o = oneByOne(c, records);
            advance(c, records, positions);
            c.commit();
            tables.committed();
            writer.committed();
            return o;
        } catch (RuntimeException | SQLException e) {
            c.rollback();
            tables.rolledBack();
            writer.rolledBack();
            throw e;
        }
    }

    private List<ChangeRecord> fastPath(Connection c, List<Decoded> records) throws SQLException {
        List<ChangeRecord> all = new ArrayList<>(records.size());
        Map<String, Map<ByteBuffer, ChangeRecord>> lastPerKey = new LinkedHashMap<>();
        for (Decoded d : records) {
            ChangeRecord cr = d.changeOrThrow();
            all.add(cr);
            ConsumerRecord<byte[], byte[]> r = d.origin();
            lastPerKey.computeIfAbsent(r.topic(), k -> new LinkedHashMap<>()).put(ByteBuffer.wrap(r.key()), cr);
        }
        for (var byTopic : lastPerKey.entrySet()) {
            Optional<TargetTable> t = target(c, byTopic.getValue().values());
            if (t.isPresent()) {
                writer.write(c, t.get(), byTopic.getValue().values());
            }
        }
        return all;
    }

    private Outcome oneByOne(Connection c, List<Decoded> records) throws SQLException {
        List<ChangeRecord> applied = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (Decoded d : records) {
            ConsumerRecord<byte[], byte[]> r = d.origin();
            Savepoint sp = c.setSavepoint();
            ChangeRecord cr = null;
            try {
                cr = d.changeOrThrow();
                Optional<TargetTable> t = target(c, List.of(cr));
                // The table stays even when this row is rejected: rolling its DDL back would leave the
                // table cache naming a table that no longer exists, and every later row would fail.
                c.releaseSavepoint(sp);
                sp = c.setSavepoint();
                if (t.isPresent()) {
                    writer.write(c, t.get(), List.of(cr));
                }
                c.releaseSavepoint(sp);
                applied.add(cr);
            } catch (RuntimeException | SQLException e) {
                c.rollback(sp);
                if (!Failures.isPerRecord(e)) {
                    throw e;
                }
                RecordRejected why = e instanceof RecordRejected rr ? rr : new RecordRejected(null, e.getMessage(), e);
                String table = cr == null || cr.schema() == null ? null : cr.schema().table();
                if (stopOnRejected) {
                    throw new IllegalStateException("Postgres rejected " + r.topic() + "-" + r.partition() + "@"
                            + r.offset() + (table == null ? "" : " (table " + table + ")") + ": " + why.getMessage()
                            + ". errors.mode is stop: fix the row in the source (capture re-emits it), or set "
                            + "errors.mode to continue to dead-letter it, then restart; the applier resumes at this "
                            + "record.", e);
                }
                dlq.send(r, table, why);
                dead.add(table == null ? r.topic() : table);
            }
        }
        return new Outcome(applied, dead);
    }

    /** The table of a topic's records: from their schema header, or, for tombstones alone, from the control schema. */
    private Optional<TargetTable> target(Connection c, Iterable<ChangeRecord> records) throws SQLException {
        ChangeRecord withSchema = null;
        String topic = null;
        for (ChangeRecord r : records) {
            topic = r.origin().topic();
            if (r.schema() != null && (withSchema == null || r.origin().offset() > withSchema.origin().offset())) {
                withSchema = r;
            }
        }
        if (withSchema != null) {
            return Optional.of(tables.ensure(c, withSchema.schema(), topic));
        }
        return tables.forTopic(c, topic);
    }

    private void advance(Connection c, List<Decoded> records, Map<TopicPartition, Long> positions)
            throws SQLException {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (Decoded d : records) {
            next.merge(new TopicPartition(d.origin().topic(), d.origin().partition()), d.origin().offset() + 1, Math::max);
        }
        for (var e : next.entrySet()) {
            long expected = positions.getOrDefault(e.getKey(), AppliedOffsetStore.NONE);
            if (!offsets.advance(c, e.getKey(), expected, e.getValue())) {
                throw new Fenced(e.getKey());
            }
        }
    }
}
