package dev.safestart.workflows.model;

/**
 * One logical alert. {@code alertId} is stable for the event (e.g. {@code <workflowId>/<event>}) so that a
 * retried or replayed delivery is recognised and never posted twice. Never carries a secret.
 */
public record Alert(
        String alertId,
        AlertSeverity severity,
        String title,
        String description,
        String botId,
        String gateway,
        int attempt,
        int maxAttempts,
        long elapsedSeconds,
        String state,
        String workflowId,
        long occurredAtEpochMillis) {}
