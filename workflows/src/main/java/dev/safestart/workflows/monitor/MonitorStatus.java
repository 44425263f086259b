package dev.safestart.workflows.monitor;

import java.util.List;

/**
 * The {@code status} query, with the field names operators already use (gateway_connected, last_gateway_check,
 * uptime_seconds, strategy_active, positions_open, last_error) plus the monitor's own view.
 *
 * @param state             the owner's state; only {@link OwnerState#ARMED} may trade
 * @param holds             the holds in force (OPERATOR, STORM_LATCH, GAMEPLAN_REJECTED, AWAITING_RESUME, TWO_ENGINES)
 * @param validated         validated in the current engine's current epoch
 * @param engineId          the engine the owner validated (or last saw)
 * @param engineEpoch       that engine's validation epoch
 * @param engineTaskQueue   that engine's own task queue (blank: the bot's queue)
 * @param notValidatedReason why {@code validated} is false ("" when validated)
 * @param openOrders        working orders at the gateway, as the engine last loaded them (its account)
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
        List<MonitorDecision> recentDecisions,
        OwnerState state,
        List<String> holds,
        boolean validated,
        String engineId,
        long engineEpoch,
        String engineTaskQueue,
        String notValidatedReason,
        int openOrders) {

    public MonitorStatus {
        recentDecisions = recentDecisions == null ? List.of() : List.copyOf(recentDecisions);
        holds = holds == null ? List.of() : List.copyOf(holds);
        engineId = engineId == null ? "" : engineId;
        engineTaskQueue = engineTaskQueue == null ? "" : engineTaskQueue;
        notValidatedReason = notValidatedReason == null ? "" : notValidatedReason;
    }
}
