package dev.safestart.workflows.model;

import java.util.List;

/** Live view of a startup, answered by the workflow's query while it runs and after it ends. */
public record StartupProgress(
        String botId,
        String phase,
        int attempt,
        int maxAttempts,
        GatewayState lastState,
        String lastDetail,
        long nextRetryAtEpochMillis,
        StartupOutcome outcome,
        List<AttemptRecord> attempts) {

    public StartupProgress {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }
}
