package dev.safestart.activities.gateway;

import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

/** TCP-level check: is anything listening? Opens and closes one socket, sends nothing. */
public final class PortCheck {
    private PortCheck() {}

    public static GatewayCheck check(String host, int port, int connectTimeoutMillis) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
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
