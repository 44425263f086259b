package dev.safestart.worker;

import dev.safestart.activities.monitor.MonitorSignaller;
import dev.safestart.activities.monitor.MonitorWiring;
import dev.safestart.engine.TradingEngine;
import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.monitor.MonitorSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.List;

/**
 * The runtime monitor's share of a worker process:
 * <ul>
 *   <li>on TASK_QUEUE (the bot worker, which holds the engine): the trading-side monitor activities (Strategy C,
 *   revalidate, resume, the "bot worker alive" ping) and the monitor starter used by the startup's
 *   afterValidated() hook;</li>
 *   <li>on TASK_QUEUE-monitor: the RuntimeMonitorWorkflow, its independent probe and its alerts. This process
 *   serves it too, so one process is enough locally; run a second worker on the monitor queue for oversight that
 *   survives the trading process;</li>
 *   <li>engine events → monitor signals, sent from a thread of their own after the gate has closed.</li>
 * </ul>
 */
final class RuntimeMonitorRegistration {
    private RuntimeMonitorRegistration() {}

    /** @return the signaller, to close with the worker */
    static MonitorSignaller register(
            WorkflowClient client,
            WorkerFactory factory,
            Worker botWorker,
            WorkerConfig config,
            TradingEngine engine,
            List<AutoCloseable> registered) {
        MonitorSettings settings = config.toMonitorSettings();
        MonitorWiring.registerTradingSide(
                botWorker, client, () -> engine, botId -> settings, Registrations.engineTaskQueue(config, engine));
        AlertActivities alerts = registered.stream()
                .filter(AlertActivities.class::isInstance)
                .map(AlertActivities.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the alert activity must be registered first"));
        MonitorWiring.registerMonitorSide(factory.newWorker(settings.monitorTaskQueue()), alerts);
        MonitorSignaller signaller = MonitorWiring.signalMonitorOnEngineEvents(engine, client, config.botId());
        return signaller;
    }
}
