package io.cutover.cli.chaos;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

import static org.awaitility.Awaitility.await;

/**
 * One cycle: wait a random number of the app's commits (the random point), inject the fault, then
 * wait until the pipeline demonstrably moves again: new events on the topics and new applied offsets
 * after the fault, and for the reconciler's and Postgres's faults a new recorded reconcile pass. A
 * process that died on its own fails the run with its log.
 */
final class FaultInjector {
    private static final Duration RECOVERY = Duration.ofMinutes(4);
    private final ChaosPipeline pipeline;
    private final PipelineProbe probe;
    private final LongSupplier appCommits;
    private final Random random;
    private final Map<Fault, Integer> done = new EnumMap<>(Fault.class);
    private long slowestRecoveryMillis;
    private long inFlightAtFaults;
    private int faultsWithWorkInFlight;

    FaultInjector(ChaosPipeline pipeline, LongSupplier appCommits, Random random) {
        this.pipeline = pipeline;
        this.probe = new PipelineProbe(pipeline);
        this.appCommits = appCommits;
        this.random = random;
    }

    void cycle(int n, Fault fault) throws Exception {
        long target = appCommits.getAsLong() + 3 + random.nextInt(40);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> appCommits.getAsLong() >= target);
        long inFlight = inFlight();
        long t0 = System.nanoTime();
        inject(fault);
        long produced = atLeastZero(probe::produced);
        long applied = atLeastZero(probe::applied);
        long runs = atLeastZero(probe::reconcileRuns);
        boolean reconcile = fault == Fault.KILL_RECONCILER || fault == Fault.RESTART_POSTGRES;
        try {
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                JvmProcess dead = pipeline.deadProcess();
                if (dead != null) {
                    throw new AssertionError(dead.role() + " died on its own in cycle " + n + " (" + fault + "):\n"
                            + dead.logTail());
                }
                return probe.produced() > produced && probe.applied() > applied
                        && (!reconcile || probe.reconcileRuns() > runs);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder();
            for (JvmProcess p : pipeline.components()) {
                logs.append("\n--- ").append(p.role()).append(" ---\n").append(p.logTail());
            }
            throw new AssertionError("no progress within " + RECOVERY + " after cycle " + n + " (" + fault + "); lag: "
                    + safeLag() + logs, e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        slowestRecoveryMillis = Math.max(slowestRecoveryMillis, ms);
        done.merge(fault, 1, Integer::sum);
        inFlightAtFaults += Math.max(0, inFlight);
        faultsWithWorkInFlight += inFlight > 0 ? 1 : 0;
        System.out.printf("chaos cycle %d: %s with %d events in flight, recovered in %d ms%n", n, fault, inFlight, ms);
    }

    private void inject(Fault fault) throws Exception {
        switch (fault) {
            case KILL_CAPTURE -> restart(pipeline.capture());
            case KILL_APPLIER -> restart(pipeline.applier());
            case KILL_RECONCILER -> restart(pipeline.reconciler());
            case RESTART_BROKER -> {
                pipeline.broker().kill();
                pipeline.startBroker();
            }
            case RESTART_POSTGRES -> pipeline.postgres().crashAndRestart();
        }
    }

    private static void restart(JvmProcess p) throws Exception {
        p.kill();
        p.start();
    }

    /** A probe's value, retried while the service it asks is still coming back. */
    private static long atLeastZero(java.util.concurrent.Callable<Long> probe) {
        long[] v = new long[1];
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            v[0] = probe.call();
            return true;
        });
        return v[0];
    }

    /** Events on the topics not applied yet plus changes in the changelog not on the topics yet; -1 if unknown. */
    private long inFlight() {
        try {
            // Applied first: read later, the other two can only be larger, never hide work in flight.
            long applied = probe.applied();
            return probe.produced() - applied + probe.changelogBacklog();
        } catch (Exception e) {
            return -1;
        }
    }

    private String safeLag() {
        try {
            return probe.lagging().toString();
        } catch (Exception e) {
            return "(unknown: " + e + ")";
        }
    }

    Map<Fault, Integer> done() {
        return done;
    }

    /** Faults injected while events were still in flight (not yet applied), i.e. mid-stream. */
    int faultsWithWorkInFlight() {
        return faultsWithWorkInFlight;
    }

    long inFlightAtFaults() {
        return inFlightAtFaults;
    }

    long slowestRecoveryMillis() {
        return slowestRecoveryMillis;
    }
}
