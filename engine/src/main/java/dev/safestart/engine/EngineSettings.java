package dev.safestart.engine;

/** How the trading engine reaches the gateway: the trading client id, never the probe's. */
public record EngineSettings(String botId, String gatewayHost, int gatewayPort, int clientId, boolean dryRun) {}
