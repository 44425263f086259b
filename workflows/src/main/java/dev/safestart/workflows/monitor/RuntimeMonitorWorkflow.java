package dev.safestart.workflows.monitor;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Watches one bot's live gateway connection after a VALIDATED startup: workflow id {@code monitor-<botId>},
 * long-running, continues-as-new to keep its history bounded. Runs on the monitor task queue
 * ({@link MonitorSettings#monitorTaskQueue()}); the trading-side activities it calls run on the bot's own queue,
 * so a bot worker that stopped serving its queue is noticed ("bot worker down").
 */
@WorkflowInterface
public interface RuntimeMonitorWorkflow {
    String ID_PREFIX = "monitor-";

    static String workflowId(String botId) {
        return ID_PREFIX + botId;
    }

    @WorkflowMethod
    void run(MonitorRequest request);

    /** From the trading worker's engine listener: socket closed, 1100, 2110, 1300, heartbeat timeout, restored. */
    @SignalMethod
    void connectionEvent(ConnectionSignal signal);

    /** {@code safestart strategy-c <botId> --reason "…"}: Strategy C by hand; stays until {@link #resume()}. */
    @SignalMethod
    void forceStrategyC(String reason);

    /** {@code safestart resume <botId>}: leave Strategy C once (re)validated; also clears a restart-storm latch. */
    @SignalMethod
    void resume();

    @QueryMethod
    MonitorStatus status();
}
