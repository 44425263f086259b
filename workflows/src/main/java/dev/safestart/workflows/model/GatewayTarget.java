package dev.safestart.workflows.model;

/**
 * Where and how the gateway activities look: the gateway address, the PROBE client id (never the trading
 * client id) and how long one API handshake may take.
 */
public record GatewayTarget(String host, int port, int probeClientId, int handshakeTimeoutSeconds) {

    public String address() {
        return host + ":" + port;
    }
}
