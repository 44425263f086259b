package dev.safestart.workflows.model;

/** One classified attempt at reaching a validated gateway, as kept in history and shown by `safestart attempts`. */
public record AttemptRecord(
        int attempt,
        int maxAttempts,
        long startedAtEpochMillis,
        String step,
        GatewayState state,
        double latencyMs,
        String detail) {}
