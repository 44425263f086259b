package dev.safestart.workflows.monitor;

/** The monitor's Strategy C decision as the trading worker receives it: the trigger and timing are in history. */
public record StrategyCOrder(
        String botId,
        String reason,
        String trigger,
        long detectedAtEpochMillis,
        long decidedAtEpochMillis,
        boolean flatten) {}
