package dev.safestart.workflows.monitor;

import dev.safestart.workflows.alerts.AlertPolicy;
import java.util.List;

/** Everything one monitor run hands to the next at continue-as-new, including signals not yet handled. */
public record MonitorState(
        MonitorPhase phase,
        boolean gatewayConnected,
        String lastGatewayState,
        long lastGatewayCheckEpochMillis,
        long connectedSinceEpochMillis,
        String strategyActive,
        String planStrategy,
        int positionsOpen,
        String lastError,
        boolean botWorkerAlive,
        long lastBotPingEpochMillis,
        boolean latched,
        boolean forcedStrategyC,
        boolean resumeRequested,
        boolean expectedOutage,
        List<Long> disconnectTimes,
        int reconnectAttempt,
        long nextReconnectAtEpochMillis,
        long nextCheckAtEpochMillis,
        long alertSequence,
        long monitoringSinceEpochMillis,
        int run,
        List<MonitorDecision> decisions,
        List<PendingSignal> pending,
        AlertPolicy.State alertPolicy) {

    public MonitorState {
        disconnectTimes = disconnectTimes == null ? List.of() : List.copyOf(disconnectTimes);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    /** A signal received but not yet acted on. */
    public record PendingSignal(String type, ConnectionSignal connection, String reason, long receivedAtEpochMillis) {}
}
