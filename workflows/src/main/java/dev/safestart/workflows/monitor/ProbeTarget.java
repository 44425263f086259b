package dev.safestart.workflows.monitor;

public record ProbeTarget(String botId, String host, int port, int probeClientId, int timeoutSeconds) {}
