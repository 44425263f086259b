package dev.safestart.activities.gateway;

import dev.safestart.tws.ConnectionPacer;
import dev.safestart.tws.ReadinessCheck;
import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * TCP-level check: is anything listening? Opens and closes one socket, sends nothing. While the gateway's API was
 * last seen silent, a connection it accepted less than {@link #RECENTLY} ago already answers the question, so none is
 * opened (a silent gateway must not get more than two new connections a second, see {@link ConnectionPacer}).
 */
public final class PortCheck {
    /** A connection accepted this recently by a gateway with a silent API shows its port open. */
    static final Duration RECENTLY = ReadinessCheck.CONNECT_SPACING.multipliedBy(2);

    private PortCheck() {}

    public static GatewayCheck check(String host, int port, int connectTimeoutMillis) {
        long start = System.nanoTime();
        ConnectionPacer pacer = ConnectionPacer.shared();
        OptionalLong silentSince = pacer.lastSilentConnect(host, port);
        if (silentSince.isPresent() && start - silentSince.getAsLong() < RECENTLY.toNanos()) {
            long agoMs = (start - silentSince.getAsLong()) / 1_000_000;
            return result(
                    GatewayState.UNKNOWN,
                    true,
                    start,
                    "port " + host + ":" + port + " open: it accepted a connection " + agoMs + " ms ago (API silent),"
                            + " so no new one");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            pacer.connected(host, port, System.nanoTime());
            return result(GatewayState.UNKNOWN, true, start, "port " + host + ":" + port + " open");
        } catch (UnknownHostException e) {
            return result(GatewayState.UNREACHABLE, false, start, "unknown host " + host);
        } catch (ConnectException e) {
            return result(GatewayState.PORT_CLOSED, false, start, "connection refused by " + host + ":" + port);
        } catch (NoRouteToHostException e) {
            return result(GatewayState.UNREACHABLE, false, start, "no route to " + host + ":" + port);
        } catch (SocketTimeoutException e) {
            return result(
                    GatewayState.UNREACHABLE,
                    false,
                    start,
                    "connect to " + host + ":" + port + " timed out after " + connectTimeoutMillis + " ms");
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return result(
                    GatewayState.UNREACHABLE,
                    false,
                    start,
                    "cannot connect to " + host + ":" + port + ": "
                            + e.getClass().getSimpleName());
        }
    }

    private static GatewayCheck result(GatewayState state, boolean open, long startNanos, String detail) {
        double latencyMs = (System.nanoTime() - startNanos) / 1e6;
        return new GatewayCheck(state, open, latencyMs, detail, List.of(), 0, System.currentTimeMillis());
    }
}
