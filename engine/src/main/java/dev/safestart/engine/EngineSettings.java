package dev.safestart.engine;

/**
 * How the trading engine reaches the gateway: the trading client id, never the probe's.
 *
 * <p>The heartbeat (reqCurrentTime every {@code heartbeatIntervalMillis}, answered within
 * {@code heartbeatTimeoutMillis}) is what catches half-open sockets; {@code flattenOnDisconnect} decides whether
 * Strategy C also closes positions (with DRY_RUN, only logged).
 */
public record EngineSettings(
        String botId,
        String gatewayHost,
        int gatewayPort,
        int clientId,
        boolean dryRun,
        long heartbeatIntervalMillis,
        long heartbeatTimeoutMillis,
        long handshakeTimeoutMillis,
        boolean flattenOnDisconnect) {

    public static final long DEFAULT_HEARTBEAT_INTERVAL_MILLIS = 5_000;
    public static final long DEFAULT_HEARTBEAT_TIMEOUT_MILLIS = 3_000;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 60_000;

    /** The original five-field contract, with the default heartbeat and FLATTEN_ON_DISCONNECT=false. */
    public EngineSettings(String botId, String gatewayHost, int gatewayPort, int clientId, boolean dryRun) {
        this(
                botId,
                gatewayHost,
                gatewayPort,
                clientId,
                dryRun,
                DEFAULT_HEARTBEAT_INTERVAL_MILLIS,
                DEFAULT_HEARTBEAT_TIMEOUT_MILLIS,
                DEFAULT_HANDSHAKE_TIMEOUT_MILLIS,
                false);
    }

    public EngineSettings {
        if (botId == null || botId.isBlank()) {
            throw new IllegalArgumentException("botId must not be blank");
        }
        if (gatewayHost == null || gatewayHost.isBlank()) {
            throw new IllegalArgumentException("gatewayHost must not be blank");
        }
        if (gatewayPort < 1 || gatewayPort > 65535) {
            throw new IllegalArgumentException("gatewayPort " + gatewayPort + " outside 1..65535");
        }
        if (clientId < 0) {
            throw new IllegalArgumentException("clientId " + clientId + " must be >= 0");
        }
        if (heartbeatIntervalMillis <= 0 || heartbeatTimeoutMillis <= 0 || handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("heartbeat interval/timeout and handshake timeout must be positive");
        }
    }

    public EngineSettings withHeartbeat(long intervalMillis, long timeoutMillis) {
        return with(botId, intervalMillis, timeoutMillis, handshakeTimeoutMillis, flattenOnDisconnect);
    }

    public EngineSettings withBotId(String id) {
        return with(id, heartbeatIntervalMillis, heartbeatTimeoutMillis, handshakeTimeoutMillis, flattenOnDisconnect);
    }

    public EngineSettings withFlattenOnDisconnect(boolean flatten) {
        return with(botId, heartbeatIntervalMillis, heartbeatTimeoutMillis, handshakeTimeoutMillis, flatten);
    }

    public EngineSettings withHandshakeTimeout(long millis) {
        return with(botId, heartbeatIntervalMillis, heartbeatTimeoutMillis, millis, flattenOnDisconnect);
    }

    /** A copy with the components the withers change (the gateway, client id and DRY_RUN stay). */
    private EngineSettings with(
            String id, long heartbeatMillis, long timeoutMillis, long handshakeMillis, boolean flatten) {
        return new EngineSettings(
                id,
                gatewayHost,
                gatewayPort,
                clientId,
                dryRun,
                heartbeatMillis,
                timeoutMillis,
                handshakeMillis,
                flatten);
    }
}
