package dev.safestart.cli;

import dev.safestart.workflows.monitor.MonitorDecision;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The CLI's view of {@code monitor-<botId>}: its status query and the operator signals (resume, Strategy C). */
final class MonitorClient {
    private final WorkflowClient client;

    MonitorClient(WorkflowClient client) {
        this.client = client;
    }

    /** The running monitor's status, or empty when the bot has no running monitor. */
    Optional<MonitorStatus> status(String botId) {
        try {
            WorkflowStub stub = client.newUntypedWorkflowStub(RuntimeMonitorWorkflow.workflowId(botId));
            var description = stub.describe();
            if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return Optional.empty();
            }
            return Optional.of(stub.query("status", MonitorStatus.class));
        } catch (WorkflowNotFoundException e) {
            return Optional.empty();
        }
    }

    void resume(String botId) {
        running(botId).resume();
    }

    void forceStrategyC(String botId, String reason) {
        running(botId).forceStrategyC(reason);
    }

    /** Polls the status until it satisfies {@code condition} or {@code limit} passes; returns the last status. */
    Optional<MonitorStatus> awaitStatus(String botId, Predicate<MonitorStatus> condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Optional<MonitorStatus> last = status(botId);
        while (last.isPresent() && !condition.test(last.get()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = status(botId);
        }
        return last;
    }

    private RuntimeMonitorWorkflow running(String botId) {
        if (status(botId).isEmpty()) {
            throw new CliException(ExitCodes.ERROR, "no running monitor for bot " + botId + " (workflow "
                    + RuntimeMonitorWorkflow.workflowId(botId) + "): it starts after a VALIDATED startup");
        }
        return client.newWorkflowStub(RuntimeMonitorWorkflow.class, RuntimeMonitorWorkflow.workflowId(botId));
    }

    /** The status in the field names operators already use (snake_case), for --json. */
    static Map<String, Object> toJson(MonitorStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gateway_connected", s.gatewayConnected());
        m.put("last_gateway_check", s.lastGatewayCheckEpochMillis() > 0
                ? Instant.ofEpochMilli(s.lastGatewayCheckEpochMillis()).toString() : null);
        m.put("uptime_seconds", s.uptimeSeconds());
        m.put("strategy_active", s.strategyActive());
        m.put("positions_open", s.positionsOpen());
        m.put("last_error", s.lastError());
        m.put("phase", s.phase().name());
        m.put("gateway_state", s.lastGatewayState());
        m.put("bot_worker_alive", s.botWorkerAlive());
        m.put("latched", s.latched());
        m.put("forced_strategy_c", s.forcedStrategyC());
        m.put("disconnects_in_window", s.disconnectsInWindow());
        m.put("reconnect_attempt", s.reconnectAttempt());
        m.put("monitoring_since", Instant.ofEpochMilli(s.monitoringSinceEpochMillis()).toString());
        m.put("run", s.run());
        m.put("recent_decisions", s.recentDecisions().stream().map(MonitorClient::decision).toList());
        return m;
    }

    private static Map<String, Object> decision(MonitorDecision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", Instant.ofEpochMilli(d.decidedAtEpochMillis()).toString());
        m.put("decision", d.decision());
        m.put("trigger", d.trigger());
        m.put("detail", d.detail());
        m.put("latency_ms", d.latencyMillis());
        return m;
    }

    static void print(java.io.PrintStream out, MonitorStatus s) {
        MonitorView.print(out, s);
    }
}
