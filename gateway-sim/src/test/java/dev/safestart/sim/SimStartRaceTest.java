package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * A client that polls the port while the simulator starts (as a health check or {@code probe --wait} does) connects
 * the moment the port is bound. The simulator must serve it, and every client after it, in the initial mode: once,
 * its accept loop read the mode before it was set, died, and left every later client in silence.
 */
class SimStartRaceTest {
    @RepeatedTest(20)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void connectionsFromTheFirstMomentAreServed() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    // connected: the port is open; close and look again
                } catch (IOException notYet) {
                    Thread.onSpinWait();
                }
            }
        });
        poller.start();
        try (GatewaySimulator sim = GatewaySimulator.start(
                SimConfig.defaults().withPort(port).withControlPort(-1).withFarmNotices(false))) {
            polling.set(false);
            poller.join();
            try (RawClient c = RawClient.connect(port).hello("v100..193")) {
                assertThat(c.read())
                        .as("the server version, after the start-up polls")
                        .isNotEmpty();
            }
        } finally {
            polling.set(false);
        }
    }
}
