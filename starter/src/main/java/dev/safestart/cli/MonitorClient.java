package dev.safestart.cli;

import dev.safestart.workflows.monitor.MonitorDecision;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.OperatorReply;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The CLI's view of {@code monitor-<botId>}, the bot's owner: its status query and the operator commands as
 * Updates (validated by the owner, answered synchronously).
 */
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

    /**
     * The {@code forceStrategyC} Update: returns once the owner answered, which is when the engine confirmed its gate
     * closed ({@link OperatorReply#confirmed()}) or could not.
     */
    OperatorReply forceStrategyC(String botId, String reason, Duration wait) {
        return update(botId, RuntimeMonitorWorkflow.FORCE_STRATEGY_C, wait, reason);
    }

    /** The {@code resume} Update; refused by the owner, with the reason, while the gateway is not validated. */
    OperatorReply resume(String botId, Duration wait) {
        return update(botId, RuntimeMonitorWorkflow.RESUME, wait);
    }

    private OperatorReply update(String botId, String name, Duration wait, Object... args) {
        requireRunning(botId);
        WorkflowStub stub = client.newUntypedWorkflowStub(RuntimeMonitorWorkflow.workflowId(botId));
        // Both waits are bounded here: without a worker on the monitor's queue the server would hold the call.
        CompletableFuture<OperatorReply> reply = CompletableFuture.supplyAsync(
                        () -> stub.startUpdate(name, WorkflowUpdateStage.ACCEPTED, OperatorReply.class, args))
                .thenCompose(WorkflowUpdateHandle::getResultAsync);
        try {
            return reply.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw new CliException(
                    ExitCodes.FAILED,
                    name + " for bot " + botId + " not answered within "
                            + wait.toSeconds()
                            + " s: is a worker serving the monitor's task queue? The command may still be"
                            + " carried out; check `safestart status " + botId + "`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted while waiting for " + name);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WorkflowNotFoundException) {
                throw noMonitor(botId);
            }
            if (cause instanceof WorkflowUpdateException) {
                throw new CliException(
                        ExitCodes.FAILED, name + " refused for bot " + botId + ": " + StartupClient.rootMessage(cause));
            }
            throw new CliException(
                    ExitCodes.ERROR, name + " for bot " + botId + " failed: " + StartupClient.rootMessage(cause));
        }
    }

    private void requireRunning(String botId) {
        try {
            var description = client.newUntypedWorkflowStub(RuntimeMonitorWorkflow.workflowId(botId))
                    .describe();
            if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return;
            }
        } catch (WorkflowNotFoundException e) {
            // fall through
        }
        throw noMonitor(botId);
    }

    private static CliException noMonitor(String botId) {
        return new CliException(
                ExitCodes.ERROR,
                "no running monitor for bot " + botId + " (workflow " + RuntimeMonitorWorkflow.workflowId(botId)
                        + "): it starts after a VALIDATED startup");
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

    /** --json of an operator command: the owner's answer, and the monitor's status after it (if it answers). */
    static Map<String, Object> withReply(Optional<MonitorStatus> status, OperatorReply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("confirmed", reply.confirmed());
        m.put("owner_state", reply.state() == null ? null : reply.state().name());
        m.put("strategy_active", reply.strategyActive());
        m.put("holds", reply.holds());
        m.put("message", reply.message());
        m.put("monitor", status.map(MonitorClient::toJson).orElse(null));
        return m;
    }

    /** The status in the field names operators already use (snake_case), for --json. */
    static Map<String, Object> toJson(MonitorStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gateway_connected", s.gatewayConnected());
        m.put(
                "last_gateway_check",
                s.lastGatewayCheckEpochMillis() > 0
                        ? Instant.ofEpochMilli(s.lastGatewayCheckEpochMillis()).toString()
                        : null);
        m.put("uptime_seconds", s.uptimeSeconds());
        m.put("strategy_active", s.strategyActive());
        m.put("positions_open", s.positionsOpen());
        m.put("open_orders", s.openOrders());
        m.put("last_error", s.lastError());
        m.put("phase", s.phase().name());
        m.put("gateway_state", s.lastGatewayState());
        m.put("bot_worker_alive", s.botWorkerAlive());
        m.put("latched", s.latched());
        m.put("forced_strategy_c", s.forcedStrategyC());
        m.put("disconnects_in_window", s.disconnectsInWindow());
        m.put("reconnect_attempt", s.reconnectAttempt());
        m.put(
                "monitoring_since",
                Instant.ofEpochMilli(s.monitoringSinceEpochMillis()).toString());
        m.put("run", s.run());
        m.put("owner_state", s.state() == null ? null : s.state().name());
        m.put("holds", s.holds());
        m.put("validated", s.validated());
        m.put("not_validated_reason", s.notValidatedReason());
        m.put("engine_id", s.engineId());
        m.put("engine_epoch", s.engineEpoch());
        m.put("engine_task_queue", s.engineTaskQueue());
        m.put(
                "recent_decisions",
                s.recentDecisions().stream().map(MonitorClient::decision).toList());
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
