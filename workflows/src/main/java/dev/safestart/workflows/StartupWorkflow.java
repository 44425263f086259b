package dev.safestart.workflows;

import dev.safestart.workflows.model.StartupProgress;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One durable startup of one bot: workflow id {@code startup-<botId>}. */
@WorkflowInterface
public interface StartupWorkflow {
    String ID_PREFIX = "startup-";

    static String workflowId(String botId) {
        return ID_PREFIX + botId;
    }

    @WorkflowMethod
    StartupResult start(StartupRequest request);

    @QueryMethod
    StartupProgress progress();
}
