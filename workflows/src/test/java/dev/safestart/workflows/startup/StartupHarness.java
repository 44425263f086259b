package dev.safestart.workflows.startup;

import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;

/** A time-skipping Temporal test environment with the startup workflow and in-test activities registered. */
final class StartupHarness implements AutoCloseable {
    static final String QUEUE = "startup-test";

    final TestWorkflowEnvironment env;
    final WorkflowClient client;
    final ScriptedGateway gateway;
    final RecordingEngine engine = new RecordingEngine();
    final FixedGameplan gameplan;
    final RecordingAlerts alerts = new RecordingAlerts();
    final RecordingMonitorControl monitors = new RecordingMonitorControl(engine);
    final WorkerSettings workerSettings = new WorkerSettings();

    StartupHarness(ScriptedGateway gateway, FixedGameplan gameplan) {
        this.gateway = gateway;
        this.gameplan = gameplan;
        env = TestWorkflowEnvironment.newInstance();
        registerSearchAttributes(env);
        Worker worker = env.newWorker(QUEUE);
        // Any unexpected exception fails the workflow at once instead of retrying its task forever (a hung test).
        worker.registerWorkflowImplementationTypes(
                WorkflowImplementationOptions.newBuilder()
                        .setFailWorkflowExceptionTypes(Throwable.class)
                        .build(),
                StartupWorkflowImpl.class);
        worker.registerActivitiesImplementations(gateway, engine, gameplan, alerts, monitors, workerSettings);
        client = env.getWorkflowClient();
        env.start();
    }

    static void registerSearchAttributes(TestWorkflowEnvironment env) {
        for (String name : new String[] {"BotId", "StartupOutcome", "GatewayState", "ActiveStrategy"}) {
            env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
    }

    StartupWorkflow stub(String botId) {
        return client.newWorkflowStub(
                StartupWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(StartupWorkflow.workflowId(botId))
                        .setTaskQueue(QUEUE)
                        .build());
    }

    /** A worker for {@code botId} configured with {@code settings}; the request names the bot only. */
    StartupResult run(String botId, StartupSettings settings) {
        workerSettings.configure(botId, settings);
        return stub(botId).start(StartupRequest.forBot(botId));
    }

    @Override
    public void close() {
        env.close();
    }
}
