package dev.safestart.workflows.monitor;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The owner of "may this bot trade now?": one per bot, workflow id {@code monitor-<botId>}, long-running,
 * continues-as-new to keep its history bounded. It alone decides the active strategy and the holds; startups
 * report to it ({@link #reportValidation}), operators command it by Update, the engine's listener signals it.
 * Runs on the monitor task queue ({@link MonitorSettings#monitorTaskQueue()}); the trading-side activities it calls
 * run on the bot's (or the engine's own) queue, so a bot worker that stopped serving its queue is noticed.
 */
@WorkflowInterface
public interface RuntimeMonitorWorkflow {
    String ID_PREFIX = "monitor-";

    /** Names of the operator Updates (also the names of the signals older clients sent). */
    String FORCE_STRATEGY_C = "forceStrategyC";

    String RESUME = "resume";
    String REPORT_VALIDATION = "reportValidation";

    static String workflowId(String botId) {
        return ID_PREFIX + botId;
    }

    @WorkflowMethod
    void run(MonitorRequest request);

    /** From the trading worker's engine listener: socket closed, 1100, 2110, 1300, heartbeat timeout, restored. */
    @SignalMethod
    void connectionEvent(ConnectionSignal signal);

    /**
     * From a trading worker that just started: its engine, so the owner sees every engine of the bot (a second
     * worker, or the one replacing a crashed worker), not only the one that holds the watch on the shared queue.
     */
    @SignalMethod
    void engineStarted(EngineSnapshot engine);

    /**
     * {@code safestart strategy-c <botId> --reason "…"}: an operator hold. Returns when the engine confirmed its gate
     * closed ({@link OperatorReply#confirmed()}), or says it could not confirm. The hold stays until {@link #resume()}.
     */
    @UpdateMethod(name = FORCE_STRATEGY_C)
    OperatorReply forceStrategyC(String reason);

    /**
     * {@code safestart resume <botId>}: releases the operator hold and the restart-storm latch after a fresh
     * validation, then arms the day's plan. Refused by {@link #validateResume()} while no fresh validation is
     * possible.
     */
    @UpdateMethod(name = RESUME)
    OperatorReply resume();

    /** Refuses {@code resume} with the reason (gateway not validated, bot worker down, two engines, …). */
    @UpdateValidatorMethod(updateName = RESUME)
    void validateResume();

    /** A startup validated the gateway and the engine: the owner arms the plan unless a hold exists. */
    @UpdateMethod(name = REPORT_VALIDATION)
    OwnerDecision reportValidation(ValidationReport report);

    @QueryMethod
    MonitorStatus status();
}
