package dev.safestart.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's per-step breakdown names each local activity by its type, so the steps line up across runs. */
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
                .containsEntry("local:Version#1.at", 21.0)
                .containsEntry("local:initModules#1.at", 150.0)
                .containsEntry("local:initModules#2.at", 190.0)
                .doesNotContainKey("local:LocalActivity#1.at");
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
