package io.cutover.reconciler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The continuous reconciler: on its own thread, every {@code interval} it checks the keys changed
 * since the last round (read from the change topics) and rechecks the suspects the pipeline has
 * passed; every {@code fullPassInterval} it runs a full pass instead. Results go to
 * the control schema and the metrics. Lifecycle {@code CREATED -> RUNNING -> STOPPING -> STOPPED | FAILED}.
 */
public final class Reconciler implements AutoCloseable {
    /** Lifecycle. */
    public enum State { CREATED, RUNNING, STOPPING, STOPPED, FAILED }

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int MAX_CONSECUTIVE_FAILURES = 10;

    private final ReconcilerSettings settings;
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong fullPasses = new AtomicLong();
    private volatile String failure;
    private volatile List<Difference> confirmed = List.of();
    private volatile List<Difference> suspects = List.of();
    private volatile Thread thread;
    private ReconcileSession session;

    public Reconciler(ReconcilerSettings settings) {
        this.settings = settings;
    }

    /** Connects to every side (failing here when one is unreachable) and starts the loop. */
    public synchronized void start() throws java.sql.SQLException {
        if (!state.compareAndSet(State.CREATED, State.RUNNING)) {
            throw new IllegalStateException("already started");
        }
        try {
            session = new ReconcileSession(settings);
        } catch (java.sql.SQLException | RuntimeException e) {
            fail(e);
            throw e;
        }
        thread = new Thread(this::loop, "cutover-reconciler");
        thread.start();
    }

    private void loop() {
        long nextFull = System.nanoTime();
        int failures = 0;
        try {
            while (state.get() == State.RUNNING) {
                try {
                    if (session == null) {
                        session = new ReconcileSession(settings);
                        nextFull = System.nanoTime(); // suspects were lost with the old session: compare afresh
                    }
                    if (System.nanoTime() - nextFull >= 0) {
                        long started = System.currentTimeMillis();
                        long n = session.fullPass(t -> true);
                        session.settle();
                        session.storeRun("full", started, n);
                        fullPasses.incrementAndGet();
                        nextFull = System.nanoTime() + settings.fullPassInterval().toNanos();
                    } else {
                        session.incrementalPass(50_000);
                        session.settle();
                    }
                    confirmed = session.confirmed();
                    suspects = session.suspects();
                    failures = 0;
                } catch (java.sql.SQLException | org.apache.kafka.common.KafkaException e) {
                    // Postgres restarting, SQLite busy beyond its timeout, Kafka unreachable: reconnect and
                    // try again next round; give up only when it keeps failing.
                    if (++failures >= MAX_CONSECUTIVE_FAILURES) {
                        throw e;
                    }
                    LOG.warn("reconcile round failed ({} of {} in a row), reconnecting next round: {}", failures,
                            MAX_CONSECUTIVE_FAILURES, e.getMessage());
                    if (session != null) {
                        session.close();
                    }
                    session = null;
                }
                if (stopped.await(settings.interval().toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            state.compareAndSet(State.STOPPING, State.STOPPED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.set(State.STOPPED);
        } catch (Exception e) {
            fail(e);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private void fail(Exception e) {
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
        state.set(State.FAILED);
        LOG.error("reconciler failed: {}", failure, e);
    }

    public State state() {
        return state.get();
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Full passes finished so far. */
    public long fullPasses() {
        return fullPasses.get();
    }

    /** Confirmed mismatches as of the last round. */
    public List<Difference> confirmed() {
        return confirmed;
    }

    /** Suspects as of the last round. */
    public List<Difference> suspects() {
        return suspects;
    }

    @Override
    public void close() throws InterruptedException {
        if (state.compareAndSet(State.RUNNING, State.STOPPING)) {
            stopped.countDown();
        }
        Thread t = thread;
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (state.get() == State.STOPPING) {
            state.set(State.STOPPED);
        }
    }
}
