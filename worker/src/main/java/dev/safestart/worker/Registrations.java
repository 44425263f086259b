package dev.safestart.worker;

import dev.safestart.activities.alerts.AlertsConfig;
import dev.safestart.activities.alerts.DiscordAlertActivities;
import dev.safestart.activities.gameplan.GameplanActivitiesImpl;
import dev.safestart.activities.gateway.GatewayActivitiesImpl;
import dev.safestart.activities.modules.ModuleActivitiesImpl;
import dev.safestart.activities.monitor.EngineTradingActivities;
import dev.safestart.activities.settings.WorkerSettingsActivities;
import dev.safestart.engine.TradingEngine;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.startup.StartupWorkflowImpl;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Safestart worker serves on its task queue: the workflow implementations and the activity
 * implementations wired to this process's trading engine and configuration. The worker process, the demo,
 * the benchmarks and the tests all register through here, so they run the same code.
 */
public final class Registrations {
    private Registrations() {}

    /**
     * Registers every Safestart workflow and activity on {@code worker}.
     *
     * @return resources the registrations opened (HTTP clients, ledgers), to close when the worker stops
     */
    public static List<AutoCloseable> registerAll(Worker worker, WorkerConfig config, TradingEngine engine) {
        List<AutoCloseable> resources = new ArrayList<>();
        DiscordAlertActivities alerts = DiscordAlertActivities.create(alertsConfig(config));
        resources.add(alerts);
        worker.registerActivitiesImplementations(
                alerts,
                GatewayActivitiesImpl.overTws(), // probes use PROBE_CLIENT_ID, from the workflow's settings
                new GameplanActivitiesImpl(),
                new ModuleActivitiesImpl(engine, engineTaskQueue(config, engine), own(config)), // trading CLIENT_ID
                new WorkerSettingsActivities(config.botId(), config.toStartupSettings())); // the worker's own settings
        worker.registerWorkflowImplementationTypes(StartupWorkflowImpl.class);
        return resources;
    }

    /**
     * The task queue only this process polls, named after its engine: {@code <TASK_QUEUE>@<engineId>}. A command
     * meant for one engine (Strategy C, revalidate, resume, arm) is scheduled there, so it lands on that engine and
     * never on an idle second worker of the bot; after a restart the old engine's queue has no poller, so such a
     * command times out instead of being "confirmed" by an engine that never validated. Blank when the engine has
     * no identity.
     */
    public static String engineTaskQueue(WorkerConfig config, TradingEngine engine) {
        String id = engine.engineId();
        return id == null || id.isBlank() ? "" : config.taskQueue() + "@" + id;
    }

    /** Registers the engine-specific activities on {@code engineWorker}, which polls {@link #engineTaskQueue}. */
    public static void registerEngineQueue(Worker engineWorker, WorkerConfig config, TradingEngine engine) {
        String queue = engineTaskQueue(config, engine);
        engineWorker.registerActivitiesImplementations(
                new EngineTradingActivities(() -> engine, queue),
                new ModuleActivitiesImpl(engine, queue, own(config)),
                new GameplanActivitiesImpl());
    }

    /** What reaches the engine is the worker's own: gateway, trading client id, DRY_RUN. */
    static ModuleInit own(WorkerConfig config) {
        return new ModuleInit(
                config.botId(), config.gatewayHost(), config.gatewayPort(), config.clientId(), config.dryRun());
    }

    /** The alert activity's settings: the checked webhook (or log-only), the ledger's directory, the HTTP timeout. */
    static AlertsConfig alertsConfig(WorkerConfig config) {
        Duration call = Duration.ofSeconds(config.alertHttpTimeoutSeconds());
        Duration connect =
                call.compareTo(AlertsConfig.MAX_CONNECT_TIMEOUT) < 0 ? call : AlertsConfig.MAX_CONNECT_TIMEOUT;
        return AlertsConfig.of(config.discordWebhook(), config.stateDir()).withTimeouts(connect, call);
    }
}
