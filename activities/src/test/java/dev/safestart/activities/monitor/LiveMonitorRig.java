package dev.safestart.activities.monitor;

import static org.awaitility.Awaitility.await;

import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.EngineSettings;
import dev.safestart.engine.TradingPlan;
import dev.safestart.engine.TwsBrokerConnection;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.workflows.monitor.MonitorSettings;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything real but the Temporal server: the gateway simulator over loopback sockets, the trading engine over
 * the TWS session, the monitor workflow and its activities on two task queues, the engine → monitor signaller.
 * Temporal's in-process test server runs in real time (no skipping) so latencies mean something.
 */
public final class LiveMonitorRig implements AutoCloseable {
    public static final String BOT_QUEUE = "bot1-q";
    public static final TradingPlan PLAN = new TradingPlan("A", List.of("SPY"), 0.10, 120);

    public final GatewaySimulator sim;
    public final DefaultTradingEngine engine;
    public final TestWorkflowEnvironment env;
    public final WorkflowClient client;
    /** The trading worker's own factory, so a test can stop it alone ("trading worker stopped"). */
    public final WorkerFactory botFactory;

    public final Worker botWorker;
    public final RecordingAlertActivities alerts = new RecordingAlertActivities();
    public final MonitorSettings settings;
    private final MonitorSignaller signaller;
    public RuntimeMonitorWorkflow monitor;

    public LiveMonitorRig(MonitorSettingsTweak tweak, long heartbeatMs, long heartbeatTimeoutMs) throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults());
        settings = tweak.apply(MonitorSettings.defaults("bot1", sim.host(), sim.port(), BOT_QUEUE)
                .withTiming(2, 1, 1, 2, 3));
        engine = new DefaultTradingEngine(TwsBrokerConnection.connector());
        engine.initialize(new EngineSettings("bot1", sim.host(), sim.port(), 1, true)
                .withHeartbeat(heartbeatMs, heartbeatTimeoutMs)
                .withHandshakeTimeout(3_000));
        engine.activate(PLAN);
        env = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        for (String name : List.of("ActiveStrategy", "GatewayState", "BotId")) {
            env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        client = env.getWorkflowClient();
        botFactory = WorkerFactory.newInstance(client);
        botWorker = botFactory.newWorker(BOT_QUEUE);
        // The monitor's share of the worker wiring, on two queues (the worker module's WorkerWiring builds the same).
        botWorker.registerActivitiesImplementations(
                new EngineTradingActivities(() -> engine), new MonitorStarter(client, bot -> settings));
        Worker monitorWorker = env.newWorker(settings.monitorTaskQueue());
        monitorWorker.registerWorkflowImplementationTypes(RuntimeMonitorWorkflowImpl.class);
        monitorWorker.registerActivitiesImplementations(new ProbeGatewayCheckActivities(), alerts);
        env.start();
        botFactory.start();
        signaller = new MonitorSignaller(client, "bot1");
        engine.addListener(signaller);
    }

    public interface MonitorSettingsTweak {
        MonitorSettings apply(MonitorSettings settings);
    }

    /** As the StartupWorkflow's afterValidated() hook would, through the activity implementation. */
    public RuntimeMonitorWorkflow startMonitor() {
        new MonitorStarter(client, bot -> settings).startMonitor("bot1", "A");
        monitor = client.newWorkflowStub(RuntimeMonitorWorkflow.class, RuntimeMonitorWorkflow.workflowId("bot1"));
        return monitor;
    }

    public MonitorStatus awaitStatus(Predicate<MonitorStatus> condition, Duration max) {
        return await().atMost(max).until(monitor::status, condition);
    }

    @Override
    public void close() {
        signaller.close();
        botFactory.shutdownNow();
        env.close();
        engine.close();
        sim.close();
    }
}
