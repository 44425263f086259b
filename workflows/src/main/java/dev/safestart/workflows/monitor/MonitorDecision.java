package dev.safestart.workflows.monitor;

/**
 * One decision the monitor took, its trigger and its timing: kept in the query answer and in the inputs of the
 * activities it scheduled, so history shows why and how fast.
 *
 * @param detectedAtEpochMillis when the trigger was seen (worker clock for signals, workflow time otherwise)
 * @param decidedAtEpochMillis  workflow time of the decision
 */
public record MonitorDecision(
        String decision, String trigger, String detail, long detectedAtEpochMillis, long decidedAtEpochMillis) {

    public long latencyMillis() {
        return detectedAtEpochMillis <= 0 ? 0 : Math.max(0, decidedAtEpochMillis - detectedAtEpochMillis);
    }
}
