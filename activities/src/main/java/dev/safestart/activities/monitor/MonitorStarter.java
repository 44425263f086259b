package dev.safestart.activities.monitor;

import dev.safestart.workflows.monitor.ConnectionSignal;
import dev.safestart.workflows.monitor.MonitorControlActivities;
import dev.safestart.workflows.monitor.MonitorRequest;
import dev.safestart.workflows.monitor.MonitorSettings;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signal-with-start of {@code monitor-<botId>} on the monitor task queue, with settings from the worker's config. */
public final class MonitorStarter implements MonitorControlActivities {
    private static final Logger log = LoggerFactory.getLogger(MonitorStarter.class);
    private final WorkflowClient client;
    private final Function<String, MonitorSettings> settingsForBot;

    public MonitorStarter(WorkflowClient client, Function<String, MonitorSettings> settingsForBot) {
        this.client = client;
        this.settingsForBot = settingsForBot;
    }

    @Override
    public String startMonitor(String botId, String activeStrategy) {
        MonitorSettings settings;
        try {
            settings = settingsForBot.apply(botId);
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "MonitorSettingsRefused");
        }
        String workflowId = RuntimeMonitorWorkflow.workflowId(botId);
        RuntimeMonitorWorkflow monitor = client.newWorkflowStub(RuntimeMonitorWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(settings.monitorTaskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary("runtime monitor of bot " + botId + " · gateway " + settings.gatewayHost() + ":"
                        + settings.gatewayPort() + (settings.dryRun() ? " · dry run" : ""))
                .build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(monitor::run, new MonitorRequest(settings, activeStrategy, null));
        request.add(monitor::connectionEvent, new ConnectionSignal(ConnectionSignal.Kind.STARTUP_VALIDATED,
                activeStrategy, System.currentTimeMillis(), 0));
        client.signalWithStart(request);
        log.info("monitor {} started or re-validated on task queue {} (strategy {})", workflowId,
                settings.monitorTaskQueue(), activeStrategy);
        return workflowId;
    }
}
