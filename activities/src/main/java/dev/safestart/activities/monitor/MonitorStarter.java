package dev.safestart.activities.monitor;

import dev.safestart.workflows.monitor.ConnectionSignal;
import dev.safestart.workflows.monitor.MonitorControlActivities;
import dev.safestart.workflows.monitor.MonitorRequest;
import dev.safestart.workflows.monitor.MonitorSettings;
import dev.safestart.workflows.monitor.OwnerDecision;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import dev.safestart.workflows.monitor.ValidationReport;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands validations to {@code monitor-<botId>} on the monitor task queue (update-with-start), with the monitor's
 * settings from the worker's config; the older signal-with-start hand-over stays for startups already running.
 */
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
        MonitorSettings settings = settings(botId);
        String workflowId = RuntimeMonitorWorkflow.workflowId(botId);
        RuntimeMonitorWorkflow monitor = client.newWorkflowStub(
                RuntimeMonitorWorkflow.class,
                options(workflowId, settings)
                        .setStaticSummary("runtime monitor of bot " + botId + " · gateway " + settings.gatewayHost()
                                + ":" + settings.gatewayPort() + (settings.dryRun() ? " · dry run" : ""))
                        .build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(monitor::run, new MonitorRequest(settings, activeStrategy, null));
        request.add(
                monitor::connectionEvent,
                new ConnectionSignal(
                        ConnectionSignal.Kind.STARTUP_VALIDATED, activeStrategy, System.currentTimeMillis(), 0));
        client.signalWithStart(request);
        log.info(
                "monitor {} started or re-validated on task queue {} (strategy {})",
                workflowId,
                settings.monitorTaskQueue(),
                activeStrategy);
        return workflowId;
    }

    /**
     * Update-with-start: the running owner gets the report; with none running, one is started (in Strategy C,
     * not validated) and gets it as its first Update. The answer comes back once the owner decided.
     */
    @Override
    public OwnerDecision reportValidation(ValidationReport report) {
        String botId = report.botId();
        MonitorSettings settings = settings(botId);
        String workflowId = RuntimeMonitorWorkflow.workflowId(botId);
        RuntimeMonitorWorkflow monitor = client.newWorkflowStub(
                RuntimeMonitorWorkflow.class,
                options(workflowId, settings)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
        WithStartWorkflowOperation<Void> start =
                new WithStartWorkflowOperation<>(monitor::run, new MonitorRequest(settings, "C", null));
        OwnerDecision decision = WorkflowClient.executeUpdateWithStart(
                monitor::reportValidation,
                report,
                UpdateOptions.<OwnerDecision>newBuilder()
                        .setUpdateId(reportUpdateId(report))
                        .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                        .build(),
                start);
        log.info(
                "monitor {} decided {} on the validation by {} (engine {} epoch {}): {}",
                workflowId,
                decision.decision(),
                report.startupWorkflowId(),
                report.engineId(),
                report.epoch(),
                decision.reason());
        return decision;
    }

    /** The monitor's settings from the worker's config; a refusal fails the activity without retries. */
    private MonitorSettings settings(String botId) {
        try {
            return settingsForBot.apply(botId);
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "MonitorSettingsRefused");
        }
    }

    /** {@code monitor-<botId>} on the monitor's task queue; a new run may follow a closed one. */
    private static WorkflowOptions.Builder options(String workflowId, MonitorSettings settings) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(settings.monitorTaskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    }

    /** Stable per report, so a retried activity does not report twice (Temporal dedups Updates by id). */
    static String reportUpdateId(ValidationReport report) {
        return "validation/" + report.startupWorkflowId() + "/" + report.engineId() + "/" + report.epoch() + "/"
                + report.validatedAtEpochMillis();
    }
}
