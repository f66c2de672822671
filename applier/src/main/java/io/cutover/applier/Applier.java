package io.cutover.applier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.core.control.ControlSchema;
import io.cutover.core.log.Secrets;
import io.cutover.core.schema.TopicNames;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumes the change topics and applies them to Postgres in order, exactly once in effect: each
 * batch's rows and the group's next offsets commit in one Postgres transaction, and on assignment
 * the consumer seeks to the offsets stored there. Kafka's own committed offsets are not used.
 * Two threads overlap the work: {@link PollLoop} polls and decodes, {@link WriteLoop} writes and
 * commits, meeting in a {@link BatchHandoff}. Lifecycle: {@code CREATED -> RUNNING -> STOPPING ->
 * STOPPED}, or {@code FAILED} with {@link #failure()} saying what to do.
 */
public final class Applier implements AutoCloseable {
    public enum State { CREATED, RUNNING, STOPPING, STOPPED, FAILED }

    /** Records per poll; a transaction gathers up to {@code applier.batch-size} of them. */
    static final int RECORDS_PER_POLL = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private final ApplierSettings settings;
    private final ApplierMetrics metrics = new ApplierMetrics();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final BatchHandoff handoff;
    private volatile State state = State.CREATED;
    private volatile String failure;
    private HikariDataSource pool;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread poller;
    private Thread writer;

    public Applier(ApplierSettings settings) {
        this.settings = settings;
        this.handoff = new BatchHandoff(settings.maxBatch());
    }

    /** Prepares the control schema and starts consuming on threads of its own; returns at once. */
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
                TopicNames.deadLetter(settings.topicPrefix()), KafkaProps.admin(settings));
        BatchApplier batches = new BatchApplier(tables, offsets, dlq,
                settings.errorsMode() == ApplierSettings.ErrorsMode.STOP, metrics);
        consumer = new KafkaConsumer<>(KafkaProps.consumer(settings));
        LagTracker lag = new LagTracker(consumer, metrics);
        PollLoop polling = new PollLoop(consumer, pool, offsets, positions, handoff, lag);
        WriteLoop writing = new WriteLoop(pool, batches, handoff, positions, lag, metrics);
        state = State.RUNNING;
        poller = new Thread(() -> run("polling", () -> polling.run(settings.topicPrefix(), settings.pollTimeout(),
                this::running), () -> consumer.close()), "cutover-applier-poll");
        writer = new Thread(() -> run("writing", () -> writing.run(this::running), dlq::close), "cutover-applier");
        poller.start();
        writer.start();
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

    private boolean running() {
        return state == State.RUNNING;
    }

    private interface Loop {
        void run() throws Exception;
    }

    /** Runs one of the two loops; the first to fail stops both, and its message is the failure. */
    private void run(String what, Loop loop, Runnable cleanup) {
        try {
            loop.run();
        } catch (WakeupException | InterruptedException e) {
            // close() woke the thread up
        } catch (Exception e) {
            fail(what, e);
        } finally {
            cleanup.run();
        }
    }

    private synchronized void fail(String what, Exception e) {
        if (state == State.RUNNING) {
            failure = Secrets.mask(e.getMessage());
            state = State.FAILED;
            LOG.error("applier stopped while {}: {}", what, failure, e);
            handoff.close();
            consumer.wakeup();
        }
    }

    private static HikariDataSource pool(ApplierSettings s) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(s.jdbcUrl());
        cfg.setDataSourceProperties(s.driverProps());
        cfg.setMaximumPoolSize(3);
        cfg.setPoolName("cutover-applier");
        cfg.setInitializationFailTimeout(-1);
        return new HikariDataSource(cfg);
    }

    /** Stops after the batch in flight; what it applied is committed, the rest is applied next time. */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.RUNNING) {
                state = State.STOPPING;
            }
        }
        if (consumer != null) {
            handoff.close();
            consumer.wakeup();
        }
        for (Thread t : new Thread[]{poller, writer}) {
            if (t != null) {
                try {
                    t.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (pool != null) {
            pool.close();
        }
        synchronized (this) {
            if (state == State.CREATED || state == State.STOPPING) {
                state = State.STOPPED;
            }
        }
    }
}
