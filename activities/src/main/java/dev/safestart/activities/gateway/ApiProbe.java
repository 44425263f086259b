package dev.safestart.activities.gateway;

import dev.safestart.tws.ProbeResult;
import java.time.Duration;

/**
 * One full TWS API probe (connect, handshake, startApi, wait for ready) that classifies the outcome and never
 * throws for a gateway-side problem. Implemented over the tws module's probe; a seam so activities stay testable.
 */
@FunctionalInterface
public interface ApiProbe {
    ProbeResult probe(String host, int port, int clientId, Duration handshakeTimeout);
}
