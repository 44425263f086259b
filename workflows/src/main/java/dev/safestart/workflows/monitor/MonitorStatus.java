package dev.safestart.workflows.monitor;

import java.util.List;

/**
 * The {@code status} query, with the field names operators already use (gateway_connected, last_gateway_check,
 * uptime_seconds, strategy_active, positions_open, last_error) plus the monitor's own view.
 */
public record MonitorStatus(
        String botId,
        boolean gatewayConnected,
        long lastGatewayCheckEpochMillis,
        String lastGatewayState,
        long uptimeSeconds,
        String strategyActive,
        int positionsOpen,
        String lastError,
        MonitorPhase phase,
        boolean botWorkerAlive,
        long lastBotPingEpochMillis,
        boolean latched,
        boolean forcedStrategyC,
        int disconnectsInWindow,
        int reconnectAttempt,
        long nextReconnectAtEpochMillis,
        long monitoringSinceEpochMillis,
        int run,
        long historyLength,
        List<MonitorDecision> recentDecisions) {

    public MonitorStatus {
        recentDecisions = recentDecisions == null ? List.of() : List.copyOf(recentDecisions);
    }
}
