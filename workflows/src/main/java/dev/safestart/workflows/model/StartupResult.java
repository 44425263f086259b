package dev.safestart.workflows.model;

import java.util.List;

public record StartupResult(
        String botId,
        StartupOutcome outcome,
        String activeStrategy,
        GatewayState gatewayState,
        String reason,
        List<AttemptRecord> attempts,
        long startedAtEpochMillis,
        long endedAtEpochMillis) {

    public StartupResult {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }
}
