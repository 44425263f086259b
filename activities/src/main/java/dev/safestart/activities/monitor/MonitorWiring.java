package dev.safestart.activities.monitor;

import dev.safestart.engine.TradingEngine;
import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.monitor.MonitorSettings;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a worker process serves the runtime monitor. Two sides, two task queues:
 * <ul>
 *   <li>trading side, on TASK_QUEUE (the bot's queue, the process that holds the engine):
 *   {@link EngineTradingActivities} and {@link MonitorStarter}, plus the {@link MonitorSignaller} listening to the
 *   engine;</li>
 *   <li>monitor side, on TASK_QUEUE + "-monitor": the workflow, its independent probe and its alerts. Served by the
 *   same process in the demo; by a second process for real external oversight, so "bot worker down" is
 *   noticed and alerted even when the trading process is gone.</li>
 * </ul>
 */
public final class MonitorWiring {
    private MonitorWiring() {}

    public static void registerTradingSide(
            Worker botWorker,
            WorkflowClient client,
            Supplier<TradingEngine> engine,
            Function<String, MonitorSettings> settingsForBot) {
        registerTradingSide(botWorker, client, engine, settingsForBot, "");
    }

    /** @param engineTaskQueue the engine's own queue, reported by the ping so the owner can address that engine */
    public static void registerTradingSide(
            Worker botWorker,
            WorkflowClient client,
            Supplier<TradingEngine> engine,
            Function<String, MonitorSettings> settingsForBot,
            String engineTaskQueue) {
        botWorker.registerActivitiesImplementations(
                new EngineTradingActivities(engine, engineTaskQueue), new MonitorStarter(client, settingsForBot));
    }

    public static void registerMonitorSide(Worker monitorWorker, AlertActivities alerts) {
        monitorWorker.registerWorkflowImplementationTypes(RuntimeMonitorWorkflowImpl.class);
        monitorWorker.registerActivitiesImplementations(new ProbeGatewayCheckActivities(), alerts);
    }

    /** Engine events → monitor signals. Close the returned signaller with the engine. */
    public static MonitorSignaller signalMonitorOnEngineEvents(
            TradingEngine engine, WorkflowClient client, String botId) {
        MonitorSignaller signaller = new MonitorSignaller(client, botId);
        engine.addListener(signaller);
        return signaller;
    }
}
