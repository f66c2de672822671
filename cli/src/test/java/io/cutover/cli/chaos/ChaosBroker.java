package io.cutover.cli.chaos;

import io.cutover.cli.local.LocalKafkaBroker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded broker of {@code cutover run} ({@link LocalKafkaBroker}) alone in its own JVM, so the
 * chaos suite can SIGKILL it and start it again on the same log directory and ports. Usage:
 * {@code ChaosBroker STATE_DIR}; prints {@code broker ready HOST:PORT} once it serves.
 */
public final class ChaosBroker {
    private ChaosBroker() {
    }

    public static void main(String[] args) throws Exception {
        LocalKafkaBroker broker = LocalKafkaBroker.in(Path.of(args[0]));
        String bootstrap = broker.start();
        System.out.println("broker ready " + bootstrap);
        System.out.flush();
        new CountDownLatch(1).await(); // until killed: a restart in this suite is always a crash
    }
}
