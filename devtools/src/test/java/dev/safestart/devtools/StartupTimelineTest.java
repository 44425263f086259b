package dev.safestart.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bench's per-step breakdown names each local activity by its type (so the steps line up across runs), places it
 * when it was first scheduled (all markers of one workflow task share its completion time), and reads the owner's side
 * of the report from the monitor's history.
 */
class StartupTimelineTest {
    private static final Instant T0 = Instant.parse("2026-12-02T14:00:00Z");

    @Test
    void localActivityMarkersAreStepsNamedByTheirActivityType() {
        WorkflowExecutionHistory history = new WorkflowExecutionHistory(History.newBuilder()
                .addEvents(event(1, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 5)
                        .setWorkflowExecutionStartedEventAttributes(WorkflowExecutionStartedEventAttributes.newBuilder()
                                .setWorkflowType(WorkflowType.newBuilder().setName("StartupWorkflow"))))
                .addEvents(marker(2, "LocalActivity", "resolveSettings", 20))
                .addEvents(marker(3, "Version", null, 21))
                .addEvents(marker(4, "LocalActivity", "initModules", 150))
                .addEvents(marker(5, "LocalActivity", "initModules", 190))
                .build());

        Map<String, Double> steps = StartupTimeline.of(history, T0);

        assertThat(steps)
                .containsEntry("workflowStarted.at", 5.0)
                .containsEntry("local:resolveSettings#1.at", 20.0)
                .containsEntry("local:initModules#1.at", 150.0)
                .containsEntry("local:initModules#2.at", 190.0)
                .doesNotContainKey("local:LocalActivity#1.at")
                .doesNotContainKey("local:Version#1.at");
    }

    @Test
    void aLocalActivityIsPlacedWhenItWasFirstScheduledNotWhenItsWorkflowTaskCompleted() {
        MarkerRecordedEventAttributes.Builder m =
                marker(2, "LocalActivity", "validateAuth", 200).getMarkerRecordedEventAttributes().toBuilder()
                        .putDetails(
                                "meta",
                                Payloads.newBuilder()
                                        .addPayloads(DefaultDataConverter.STANDARD_INSTANCE
                                                .toPayload(Map.of(
                                                        "firstSkd",
                                                        T0.plusMillis(42).toEpochMilli(),
                                                        "atpt",
                                                        1))
                                                .orElseThrow())
                                        .build());
        WorkflowExecutionHistory history = new WorkflowExecutionHistory(History.newBuilder()
                .addEvents(started())
                .addEvents(event(2, EventType.EVENT_TYPE_MARKER_RECORDED, 200).setMarkerRecordedEventAttributes(m))
                .build());

        assertThat(StartupTimeline.of(history, T0)).containsEntry("local:validateAuth#1.at", 42.0);
    }

    @Test
    void theOwnersSideEndsWithTheUpdateCompletedAndCountsItsWorkflowTasksUntilThen() {
        WorkflowExecutionHistory monitor = new WorkflowExecutionHistory(History.newBuilder()
                .addEvents(started())
                .addEvents(event(2, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 5))
                .addEvents(event(3, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 8))
                .addEvents(event(4, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 20))
                .addEvents(event(5, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, 20))
                .addEvents(activityScheduled(6, "activatePlan", 21))
                .addEvents(event(7, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 25))
                .addEvents(event(8, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 31)
                        .setActivityTaskCompletedEventAttributes(ActivityTaskCompletedEventAttributes.newBuilder()
                                .setScheduledEventId(6)))
                .addEvents(event(9, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 31))
                .addEvents(event(10, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 33))
                .addEvents(event(11, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 45))
                .addEvents(activityScheduled(12, "MonitorWatchEngine", 46))
                .addEvents(event(13, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, 46))
                .addEvents(activityScheduled(14, "MonitorWatchEngine", 90))
                .build());

        assertThat(StartupTimeline.owner(monitor, T0))
                .containsEntry("owner:started.at", 0.0)
                .containsEntry("owner:updateAccepted.at", 20.0)
                .containsEntry("owner:activatePlan#1.at", 21.0)
                .containsEntry("owner:activatePlan#1.took", 10.0)
                .containsEntry("owner:updateCompleted.at", 46.0)
                .containsEntry("owner:workflowTasks.count", 2.0)
                .containsEntry("owner:workflowTasks.waited", 5.0)
                .containsEntry("owner:workflowTasks.ran", 24.0)
                .containsEntry("owner:MonitorWatchEngine#1.at", 46.0)
                .doesNotContainKey("owner:MonitorWatchEngine#2.at");
    }

    private static HistoryEvent started() {
        return event(1, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0)
                .setWorkflowExecutionStartedEventAttributes(WorkflowExecutionStartedEventAttributes.newBuilder()
                        .setWorkflowType(WorkflowType.newBuilder().setName("RuntimeMonitorWorkflow")))
                .build();
    }

    private static HistoryEvent activityScheduled(long id, String type, long atMillis) {
        return event(id, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, atMillis)
                .setActivityTaskScheduledEventAttributes(ActivityTaskScheduledEventAttributes.newBuilder()
                        .setActivityType(ActivityType.newBuilder().setName(type)))
                .build();
    }

    private static HistoryEvent.Builder event(long id, EventType type, long atMillis) {
        Instant t = T0.plusMillis(atMillis);
        return HistoryEvent.newBuilder()
                .setEventId(id)
                .setEventType(type)
                .setEventTime(Timestamp.newBuilder()
                        .setSeconds(t.getEpochSecond())
                        .setNanos(t.getNano())
                        .build());
    }

    private static HistoryEvent marker(long id, String name, String activityType, long atMillis) {
        MarkerRecordedEventAttributes.Builder m =
                MarkerRecordedEventAttributes.newBuilder().setMarkerName(name);
        if (activityType != null) {
            m.putDetails(
                    "type",
                    Payloads.newBuilder()
                            .addPayloads(DefaultDataConverter.STANDARD_INSTANCE
                                    .toPayload(activityType)
                                    .orElseThrow())
                            .build());
        }
        return event(id, EventType.EVENT_TYPE_MARKER_RECORDED, atMillis)
                .setMarkerRecordedEventAttributes(m)
                .build();
    }
}
