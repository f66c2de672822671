package io.cutover.cli.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The demo's busy application: a thread writing its database and its data files at a steady rate for a while. */
final class DemoWriter extends Thread {
    private static final Logger LOG = LoggerFactory.getLogger(DemoWriter.class);
    private final DemoApp app;
    private final DemoFiles files;
    private final int rate;
    private final Duration duration;
    private final AtomicLong writes = new AtomicLong();

    DemoWriter(DemoApp app, DemoFiles files, int rate, Duration duration) {
        super("demo-app-writer");
        setDaemon(true);
        this.app = app;
        this.files = files;
        this.rate = Math.max(1, rate);
        this.duration = duration;
    }

    long writes() {
        return writes.get();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (Connection c = app.connect()) {
            while (System.nanoTime() < end) {
                app.write(c);
                long n = writes.incrementAndGet();
                if (n % 5 == 0) {
                    files.write(); // the app saves its JSON files too, less often than its database
                }
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the app's writes
                }
            }
        } catch (Exception e) {
            LOG.warn("the demo app stopped writing: {}", e.toString());
        }
    }
}
