package dev.safestart.activities.gateway;

import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ProbeState;
import dev.safestart.tws.ReadinessCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@link ApiProbe} over the tws module's {@link ReadinessCheck} (one attempt: hedged handshakes, first READY wins):
 * real sockets, every outcome classified.
 */
public final class TwsApiProbe implements ApiProbe {
    private final Duration connectTimeout;

    public TwsApiProbe(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public TwsApiProbe() {
        this(ProbeRequest.DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    public ProbeResult probe(String host, int port, int clientId, Duration handshakeTimeout) {
        ProbeRequest request;
        try {
            request = ProbeRequest.of(host, port, clientId).withTimeouts(connectTimeout, handshakeTimeout);
        } catch (IllegalArgumentException | NullPointerException e) {
            // The workflow validates settings first; this only guards a direct caller.
            return new ProbeResult(
                    ProbeState.UNREACHABLE,
                    host,
                    port,
                    clientId,
                    Instant.now(),
                    0,
                    0,
                    "",
                    List.of(),
                    0,
                    "invalid gateway target: " + e.getMessage());
        }
        return ReadinessCheck.attempt(request).result();
    }
}
