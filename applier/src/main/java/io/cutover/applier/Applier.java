package io.cutover.applier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.core.control.ControlSchema;
import io.cutover.core.log.Secrets;
import io.cutover.core.schema.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumes the change topics and applies them to Postgres in order, exactly once in effect: each
 * poll's records, their rows and the group's next offsets commit in one Postgres transaction, and on
 * assignment the consumer seeks to the offsets stored there. Kafka's own committed offsets are not
 * used. Lifecycle: {@code CREATED -> RUNNING -> STOPPING -> STOPPED}, or {@code FAILED} with
 * {@link #failure()} saying what to do.
 */
public final class Applier implements AutoCloseable {
    public enum State { CREATED, RUNNING, STOPPING, STOPPED, FAILED }

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private final ApplierSettings settings;
    private final ApplierMetrics metrics = new ApplierMetrics();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile State state = State.CREATED;
    private volatile String failure;
    private HikariDataSource pool;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public Applier(ApplierSettings settings) {
        this.settings = settings;
    }

    /** Prepares the control schema and starts consuming on a thread of its own; returns at once. */
    public synchronized void start() throws SQLException {
        if (state != State.CREATED) {
            throw new IllegalStateException("an applier starts once; it is " + state);
        }
        pool = pool(settings);
        ControlSchema control = new ControlSchema(settings.controlSchema());
        try (Connection c = pool.getConnection()) {
            control.ensure(c);
        }
        AppliedOffsetStore offsets = new AppliedOffsetStore(control, settings.groupId());
        TableManager tables = new TableManager(settings.targetSchema(), control, settings.columnTypes());
        DeadLetterSink dlq = new DeadLetterSink(new KafkaProducer<>(KafkaProps.producer(settings)),
                TopicNames.deadLetter(settings.topicPrefix()));
        BatchApplier batches = new BatchApplier(tables, offsets, dlq,
                settings.errorsMode() == ApplierSettings.ErrorsMode.STOP);
        consumer = new KafkaConsumer<>(KafkaProps.consumer(settings));
        state = State.RUNNING;
        thread = new Thread(() -> loop(batches, offsets, dlq), "cutover-applier");
        thread.start();
    }

    public State state() {
        return state;
    }

    /** Why the applier failed, with what to do, when it is FAILED. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The partitions this applier owns and the next offset it will apply for each. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    private void loop(BatchApplier batches, AppliedOffsetStore offsets, DeadLetterSink dlq) {
        LagTracker lag = new LagTracker(consumer, metrics);
        try (dlq) {
            consumer.subscribe(TopicNames.changeTopics(settings.topicPrefix()), new SeekToStored(consumer, pool, offsets, positions));
            while (state == State.RUNNING) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(settings.pollTimeout());
                if (!polled.isEmpty()) {
                    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                    polled.forEach(records::add);
                    applyWithRetry(batches, offsets, records, lag);
                }
                lag.update(positions.keySet());
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up
        } catch (RuntimeException e) {
            failure = Secrets.mask(e.getMessage());
            state = State.FAILED;
            LOG.error("applier stopped: {}", failure, e);
        } finally {
            consumer.close();
            if (state != State.FAILED) {
                state = State.STOPPED;
            }
        }
    }

    private void applyWithRetry(BatchApplier batches, AppliedOffsetStore offsets,
                                List<ConsumerRecord<byte[], byte[]>> records, LagTracker lag) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                BatchApplier.Outcome o = batches.apply(c, records, positions);
                long now = System.currentTimeMillis();
                records.forEach(r -> positions.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
                lag.applied(o.applied(), now);
                o.deadLetteredTables().forEach(metrics::deadLettered);
                metrics.batch(System.nanoTime() - start);
                return;
            } catch (BatchApplier.Fenced e) {
                LOG.info("{}; continuing from the stored positions", e.getMessage());
                SeekToStored.reseek(consumer, pool, offsets, positions);
                return;
            } catch (SQLException | RuntimeException e) {
                if (!Failures.isRetriable(e) || attempt >= 8) {
                    throw new IllegalStateException(describe(e, attempt), e);
                }
                long backoff = Math.min(10_000, 250L << Math.min(attempt, 6));
                LOG.warn("applying a batch failed (attempt {}), retrying in {} ms: {}", attempt, backoff,
                        Secrets.mask(e.getMessage()));
                sleep(backoff);
            }
        }
    }

    private static String describe(Exception e, int attempt) {
        return (attempt > 1 ? "after " + attempt + " attempts: " : "") + e.getMessage()
                + ". Nothing past the last committed batch was applied; fix the cause and restart, "
                + "the applier resumes from the offsets stored in Postgres.";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // bounded backoff between retries, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    private static HikariDataSource pool(ApplierSettings s) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(s.jdbcUrl());
        cfg.setDataSourceProperties(s.driverProps());
        cfg.setMaximumPoolSize(2);
        cfg.setPoolName("cutover-applier");
        cfg.setInitializationFailTimeout(-1);
        return new HikariDataSource(cfg);
    }

    /** Stops after the batch in flight; what it applied is committed, the rest is applied next time. */
    @Override
    public synchronized void close() {
        if (state == State.RUNNING) {
            state = State.STOPPING;
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pool != null) {
            pool.close();
        }
        if (state == State.CREATED || state == State.STOPPING) {
            state = State.STOPPED;
        }
    }
}
