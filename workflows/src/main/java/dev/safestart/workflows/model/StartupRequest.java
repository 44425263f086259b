package dev.safestart.workflows.model;

public record StartupRequest(String botId, StartupSettings settings) {}
