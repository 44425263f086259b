package dev.safestart.devtools.demo;

import com.google.protobuf.util.Timestamps;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.OptionalLong;

/** What the runtime monitor's history shows, for the demo's story and the runtime bench's numbers. */
public final class MonitorHistory {
    private MonitorHistory() {}

    /**
     * When (the server's clock, epoch ms) the monitor {@code workflowId} scheduled MonitorEnterStrategyC at or after
     * {@code afterMillis}: Strategy C recorded in its history; empty while it has not been.
     */
    public static OptionalLong strategyCScheduledAt(WorkflowClient client, String workflowId, long afterMillis) {
        for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                    && e.getActivityTaskScheduledEventAttributes()
                            .getActivityType()
                            .getName()
                            .equals("MonitorEnterStrategyC")) {
                long at = Timestamps.toMillis(e.getEventTime());
                if (at >= afterMillis) {
                    return OptionalLong.of(at);
                }
            }
        }
        return OptionalLong.empty();
    }
}
