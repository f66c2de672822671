package io.cutover.applier;

import io.cutover.core.log.Secrets;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The writer's thread: takes the waiting batch and applies it in one transaction, retrying
 * retriable failures with bounded exponential backoff. A batch found fenced is dropped and the
 * poller re-seeks; anything else unrecoverable ends the loop with a message saying what to do.
 */
final class WriteLoop {
    private static final Logger LOG = LoggerFactory.getLogger(WriteLoop.class);
    private static final int MAX_ATTEMPTS = 8;
    private final DataSource pool;
    private final BatchApplier batches;
    private final BatchHandoff handoff;
    private final Map<TopicPartition, Long> positions;
    private final LagTracker lag;
    private final ApplierMetrics metrics;

    WriteLoop(DataSource pool, BatchApplier batches, BatchHandoff handoff, Map<TopicPartition, Long> positions,
              LagTracker lag, ApplierMetrics metrics) {
        this.pool = pool;
        this.batches = batches;
        this.handoff = handoff;
        this.positions = positions;
        this.lag = lag;
        this.metrics = metrics;
    }

    void run(BooleanSupplier running) throws InterruptedException {
        while (running.getAsBoolean()) {
            BatchHandoff.Batch b = handoff.take(100);
            if (b == null) {
                continue;
            }
            try {
                if (handoff.isCurrent(b.generation())) {
                    applyWithRetry(b.records());
                }
            } finally {
                handoff.done();
            }
        }
    }

    private void applyWithRetry(List<Decoded> records) throws InterruptedException {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                BatchApplier.Outcome o = batches.apply(c, records, positions);
                long now = System.currentTimeMillis();
                records.forEach(d -> positions.merge(new TopicPartition(d.origin().topic(), d.origin().partition()),
                        d.origin().offset() + 1, Math::max));
                lag.applied(o.applied(), now);
                o.deadLetteredTables().forEach(metrics::deadLettered);
                metrics.batch(System.nanoTime() - start);
                return;
            } catch (BatchApplier.Fenced e) {
                LOG.info("{}; continuing from the stored positions", e.getMessage());
                handoff.invalidate();
                return;
            } catch (SQLException | RuntimeException e) {
                if (!Failures.isRetriable(e) || attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException(describe(e, attempt), e);
                }
                long backoff = Math.min(10_000, 250L << Math.min(attempt, 6));
                LOG.warn("applying a batch failed (attempt {}), retrying in {} ms: {}", attempt, backoff,
                        Secrets.mask(e.getMessage()));
                Thread.sleep(backoff); // bounded backoff between retries, not synchronisation
            }
        }
    }

    private static String describe(Exception e, int attempt) {
        return (attempt > 1 ? "after " + attempt + " attempts: " : "") + e.getMessage()
                + ". Nothing past the last committed batch was applied; fix the cause and restart, "
                + "the applier resumes from the offsets stored in Postgres.";
    }
}
