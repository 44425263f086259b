package dev.safestart.worker;

import dev.safestart.activities.alerts.AlertsConfig;
import dev.safestart.activities.alerts.DiscordAlertActivities;
import dev.safestart.activities.gameplan.GameplanActivitiesImpl;
import dev.safestart.activities.gateway.GatewayActivitiesImpl;
import dev.safestart.activities.modules.ModuleActivitiesImpl;
import dev.safestart.activities.monitor.EngineTradingActivities;
import dev.safestart.activities.monitor.MonitorSignaller;
import dev.safestart.activities.monitor.MonitorStarter;
import dev.safestart.activities.monitor.ProbeGatewayCheckActivities;
import dev.safestart.activities.settings.WorkerSettingsActivities;
import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.EngineSettings;
import dev.safestart.engine.TradingEngine;
import dev.safestart.engine.TwsBrokerConnection;
import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.monitor.MonitorSettings;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflowImpl;
import dev.safestart.workflows.startup.StartupWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a Safestart worker process is put together: which workflows and activities it serves on which task
 * queue, its trading engine, the engine's signals to the bot's monitor, the engine's announcement at start, and the
 * drain at shutdown. {@code safestart worker} ({@link WorkerProcess}), the demo, the benchmarks and the tests all
 * build their workers here, so they run what production runs. The workflow and activity code lives in the
 * {@code workflows} and {@code activities} modules; the CLI's commands start workflows; this class only wires.
 *
 * <p>What it serves depends on {@code WORKER_ROLE} ({@link WorkerConfig#workerRole()}):
 * <ul>
 *   <li>{@code TASK_QUEUE} (roles {@code all}, {@code bot}): the startup workflow and its activities (alerts, the
 *   readiness check with PROBE_CLIENT_ID, the gameplan, module init on this process's engine with CLIENT_ID, the
 *   worker's own settings), the monitor's commands to the engine and the monitor starter;</li>
 *   <li>{@code TASK_QUEUE@<engineId>} (roles {@code all}, {@code bot}): the engine's own queue, where a command meant
 *   for exactly this engine is scheduled;</li>
 *   <li>{@code TASK_QUEUE-monitor} (roles {@code all}, {@code monitor}): the runtime monitor workflow, its
 *   independent gateway probe (the target comes with the monitor's settings, from the bot's worker) and its
 *   alerts (this process's {@code DISCORD_WEBHOOK_URL} and {@code SAFESTART_STATE_DIR});</li>
 *   <li>with an engine: engine events → monitor signals, on a thread of their own.</li>
 * </ul>
 *
 * <pre>{@code
 * WorkerWiring wiring = WorkerWiring.builder(client, config).build(); // registered, polling nothing yet
 * wiring.startPolling();                                              // polls; announces the engine to its monitor
 * wiring.close();                                                     // drains; closes what it opened
 * }</pre>
 *
 * Closing it ends the engine watches at once (so the bot's monitor hears of the stop now), stops polling, lets
 * tasks in flight finish (bounded), and closes what it built, the engine among them; an engine given to the
 * builder and the client stay the caller's.
 */
public final class WorkerWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerWiring.class);
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final WorkflowClient client;
    private final WorkerConfig config;
    private final WorkerFactory factory;
    private final TradingEngine engine;
    private final boolean ownsEngine;
    private final String engineTaskQueue;
    private final EngineTradingActivities engineActivities;
    private final MonitorSignaller signaller;
    private final List<String> taskQueues = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private WorkerWiring(Builder b, TradingEngine engine, boolean ownsEngine) {
        this.client = b.client;
        this.config = b.config;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        WorkerRole role = config.workerRole();
        factory = WorkerFactory.newInstance(
                client,
                WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(b.interceptors.toArray(WorkerInterceptor[]::new))
                        .build());
        AlertActivities alerts = b.alerts != null ? b.alerts : discordAlerts(config);
        MonitorSettings monitorSettings = config.toMonitorSettings();
        if (role.servesBot()) {
            engineTaskQueue = engineTaskQueue(config, engine);
            engineActivities = new EngineTradingActivities(() -> engine, engineTaskQueue);
            Worker bot = newWorker(config.taskQueue());
            bot.registerActivitiesImplementations(
                    alerts,
                    GatewayActivitiesImpl.overTws(), // probes use PROBE_CLIENT_ID, from the workflow's settings
                    new GameplanActivitiesImpl(),
                    new ModuleActivitiesImpl(engine, engineTaskQueue, own(config)), // trading CLIENT_ID
                    new WorkerSettingsActivities(config.botId(), config.toStartupSettings()), // the worker's own
                    engineActivities, // the monitor's Strategy C, revalidate, resume and engine watch
                    new MonitorStarter(client, botId -> monitorSettings)); // the startup's report to the monitor
            bot.registerWorkflowImplementationTypes(StartupWorkflowImpl.class);
        } else {
            engineTaskQueue = "";
            engineActivities = null;
        }
        if (role.servesMonitor()) {
            Worker monitor = newWorker(monitorSettings.monitorTaskQueue());
            monitor.registerWorkflowImplementationTypes(RuntimeMonitorWorkflowImpl.class);
            monitor.registerActivitiesImplementations(new ProbeGatewayCheckActivities(), alerts);
        }
        if (role.servesBot()) {
            signaller = new MonitorSignaller(client, config.botId());
            engine.addListener(signaller);
            resources.add(signaller);
            if (!engineTaskQueue.isEmpty()) {
                newWorker(engineTaskQueue)
                        .registerActivitiesImplementations(
                                engineActivities,
                                new ModuleActivitiesImpl(engine, engineTaskQueue, own(config)),
                                new GameplanActivitiesImpl());
                log.info("engine {} serves its own task queue {}", engine.engineId(), engineTaskQueue);
            }
        } else {
            signaller = null;
        }
    }

    /** Starts building the worker process {@code config} describes, on {@code client}. */
    public static Builder builder(WorkflowClient client, WorkerConfig config) {
        return new Builder(client, config);
    }

    /** Builds with the defaults (an engine from {@code config} where the role holds one) and starts polling. */
    public static WorkerWiring start(WorkflowClient client, WorkerConfig config) {
        return builder(client, config).build().startPolling();
    }

    /** Builds around the caller's {@code engine} (closed by the caller) and starts polling. */
    public static WorkerWiring start(WorkflowClient client, WorkerConfig config, TradingEngine engine) {
        return builder(client, config).engine(engine).build().startPolling();
    }

    /**
     * The production engine: the default engine over a real TWS session. It connects only when the startup's
     * initModules asks it to, with the settings the workflow passes (trading CLIENT_ID); HEARTBEAT_INTERVAL,
     * FLATTEN_ON_DISCONNECT and the handshake timeout belong to this process and apply to every initialize.
     */
    public static TradingEngine newEngine(WorkerConfig config) {
        return new DefaultTradingEngine(
                TwsBrokerConnection.connector(),
                settings -> settings.withHeartbeat(
                                config.heartbeatIntervalSeconds() * 1000L,
                                EngineSettings.DEFAULT_HEARTBEAT_TIMEOUT_MILLIS)
                        .withFlattenOnDisconnect(config.flattenOnDisconnect())
                        .withHandshakeTimeout(config.handshakeTimeoutSeconds() * 1000L));
    }

    /** Starts polling every queue, then announces this process's engine (if any) to the bot's monitor. */
    public WorkerWiring startPolling() {
        factory.start();
        log.info(
                "worker polling task queue {} in namespace {} (WORKER_ROLE={}, every queue: {})",
                taskQueues.get(0),
                client.getOptions().getNamespace(),
                config.workerRole().value(),
                String.join(", ", taskQueues));
        if (signaller != null && !engineTaskQueue.isEmpty()) {
            signaller.announce(engineActivities.ping(config.botId()));
        }
        return this;
    }

    public WorkerConfig config() {
        return config;
    }

    public WorkerRole role() {
        return config.workerRole();
    }

    /** The trading engine; empty for {@code WORKER_ROLE=monitor}, which holds none. */
    public Optional<TradingEngine> engine() {
        return Optional.ofNullable(engine);
    }

    /**
     * The task queue only this process polls, named after its engine: {@code <TASK_QUEUE>@<engineId>}. A command
     * meant for one engine (Strategy C, revalidate, resume, arm) is scheduled there, so it lands on that engine and
     * never on an idle second worker of the bot; after a restart the old engine's queue has no poller, so such a
     * command times out instead of being "confirmed" by an engine that never validated. Blank without an engine or
     * when the engine has no identity.
     */
    public String engineTaskQueue() {
        return engineTaskQueue;
    }

    /** Every task queue this process polls, in the order they were wired. */
    public List<String> taskQueues() {
        return List.copyOf(taskQueues);
    }

    /** The SDK's factory behind the workers (a test may {@code shutdownNow()} it, as a kill would; then close). */
    public WorkerFactory factory() {
        return factory;
    }

    /** Ends the engine watches, stops polling, waits (bounded) for tasks in flight, closes; safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (engineActivities != null) {
            // No new task first (a watch failed now would otherwise be scheduled again and picked up while we drain),
            // then the engine watches in flight end, telling the monitor this worker is going.
            workers.forEach(Worker::suspendPolling);
            engineActivities.stopWatches();
        }
        if (!factory.isShutdown()) {
            factory.shutdown();
        }
        factory.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            factory.shutdownNow();
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.getMessage());
            }
        }
        if (ownsEngine) {
            engine.close();
        }
        log.info("worker stopped");
    }

    private Worker newWorker(String taskQueue) {
        taskQueues.add(taskQueue);
        Worker worker = factory.newWorker(taskQueue);
        workers.add(worker);
        return worker;
    }

    private AlertActivities discordAlerts(WorkerConfig config) {
        Duration call = Duration.ofSeconds(config.alertHttpTimeoutSeconds());
        Duration connect =
                call.compareTo(AlertsConfig.MAX_CONNECT_TIMEOUT) < 0 ? call : AlertsConfig.MAX_CONNECT_TIMEOUT;
        DiscordAlertActivities alerts = DiscordAlertActivities.create(
                AlertsConfig.of(config.discordWebhook(), config.stateDir()).withTimeouts(connect, call));
        resources.add(alerts);
        return alerts;
    }

    private static String engineTaskQueue(WorkerConfig config, TradingEngine engine) {
        String id = engine.engineId();
        return id == null || id.isBlank() ? "" : config.taskQueue() + "@" + id;
    }

    /** What reaches the engine is the worker's own: gateway, trading client id, DRY_RUN. */
    private static ModuleInit own(WorkerConfig config) {
        return new ModuleInit(
                config.botId(), config.gatewayHost(), config.gatewayPort(), config.clientId(), config.dryRun());
    }

    /** What a worker process is built from besides its configuration; every part has a production default. */
    public static final class Builder {
        private final WorkflowClient client;
        private final WorkerConfig config;
        private TradingEngine engine;
        private List<WorkerInterceptor> interceptors = List.of();
        private AlertActivities alerts;

        private Builder(WorkflowClient client, WorkerConfig config) {
            this.client = Objects.requireNonNull(client, "client");
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * The engine to serve instead of {@link #newEngine(WorkerConfig)}; it stays the caller's to close. Refused for
         * {@code WORKER_ROLE=monitor}.
         */
        public Builder engine(TradingEngine engine) {
            this.engine = engine;
            return this;
        }

        /** Interceptors on every worker of the process (the metrics one). */
        public Builder interceptors(List<WorkerInterceptor> interceptors) {
            this.interceptors = List.copyOf(interceptors);
            return this;
        }

        /** Replaces the alert delivery (Discord, or the log without a webhook); the benchmarks drop alerts. */
        public Builder alerts(AlertActivities alerts) {
            this.alerts = alerts;
            return this;
        }

        /** Creates the engine (unless given) and every worker with its registrations; polls nothing yet. */
        public WorkerWiring build() {
            WorkerRole role = config.workerRole();
            if (!role.servesBot() && engine != null) {
                throw new IllegalArgumentException("WORKER_ROLE=" + role.value() + " holds no trading engine");
            }
            boolean owns = role.servesBot() && engine == null;
            TradingEngine e = owns ? newEngine(config) : engine;
            try {
                return new WorkerWiring(this, e, owns);
            } catch (RuntimeException failure) {
                if (owns) {
                    e.close();
                }
                throw failure;
            }
        }
    }
}
