package io.cutover.core.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** TCP ports on the loopback interface, for servers we start ourselves (Postgres, test brokers). */
public final class Ports {
    private Ports() {
    }

    /**
     * A port nothing listens on right now. Another process may take it before the caller binds it,
     * so callers that can retry on a bind failure should.
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        }
    }

    /** Whether {@code port} can be bound on the loopback interface now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
