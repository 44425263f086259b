package dev.safestart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ephemeral loopback port the OS considers free right now (for processes that need a number up front). The OS
 * may hand the same port to two probes in a row, so a port is handed out at most once per test run: a server
 * asking for several ports (gRPC, UI, membership, …) never gets one twice.
 */
final class FreePort {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {}

    static int next() {
        for (int i = 0; i < 100; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no fresh loopback port in 100 tries");
    }

    /**
     * A free loopback port in [from, to), for a server that cannot store an ephemeral one: the Temporal server
     * keeps its membership ports in a SMALLINT column on PostgreSQL (at most 32767, below Linux's ephemeral range).
     */
    static int inRange(int from, int to) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 1000; i++) {
            int port = random.nextInt(from, to);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free loopback port in [" + from + ", " + to + ") in 1000 tries");
    }
}
