package dev.safestart.workflows.monitor;

public record ProbeCommand(String botId, String host, int port, int probeClientId, int timeoutSeconds) {}
