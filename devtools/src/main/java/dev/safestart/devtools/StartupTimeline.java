package dev.safestart.devtools;

import dev.safestart.cli.StartupClient;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a startup's time goes, read from its history: each step (an activity from scheduled to completed, a local
 * activity from when it was first scheduled, the VALIDATED upsert, the workflow tasks' waiting and running time) as
 * milliseconds since the client's start call, and the owner's side of the report from the monitor's history (the
 * Update accepted, the arm, the Update completed). Steps are named by type and order ({@code validateAuth#1}), so runs
 * of the same shape line up for percentiles.
 */
final class StartupTimeline {
    private static final String LOCAL_ACTIVITY = "LocalActivity";
    private static final java.util.regex.Pattern FIRST_SCHEDULED =
            java.util.regex.Pattern.compile("\"firstSkd\"\\s*:\\s*(\\d+)");

    private StartupTimeline() {}

    /**
     * @param clientStart when the client called start (the same machine's clock as the server's)
     * @return step → milliseconds: {@code <step>.at} (since clientStart) and {@code <step>.took} (its own duration)
     */
    static Map<String, Double> of(WorkflowExecutionHistory history, Instant clientStart) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<Long, String> scheduled = new HashMap<>();
        Map<Long, Instant> scheduledAt = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Instant taskScheduled = null;
        Instant taskStarted = null;
        int workflowTasks = 0;
        double workflowTaskMs = 0;
        double waitedMs = 0;
        double ranMs = 0;
        for (HistoryEvent e : history.getEvents()) {
            Instant t = toInstant(e.getEventTime());
            EventType type = e.getEventType();
            switch (type) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> out.put("workflowStarted.at", ms(clientStart, t));
                case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> taskScheduled = t;
                case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
                    taskStarted = t;
                    if (taskScheduled != null) {
                        waitedMs += ms(taskScheduled, t);
                    }
                }
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
                    workflowTasks++;
                    if (taskScheduled != null) {
                        workflowTaskMs += ms(taskScheduled, t);
                    }
                    if (taskStarted != null) {
                        ranMs += ms(taskStarted, t);
                    }
                }
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                    String name = e.getActivityTaskScheduledEventAttributes()
                            .getActivityType()
                            .getName();
                    String step = name + "#" + seen.merge(name, 1, Integer::sum);
                    scheduled.put(e.getEventId(), step);
                    scheduledAt.put(e.getEventId(), t);
                    out.put(step + ".at", ms(clientStart, t));
                }
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    long id = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                    if (scheduled.containsKey(id)) {
                        out.put(scheduled.get(id) + ".took", ms(scheduledAt.get(id), t));
                    }
                }
                case EVENT_TYPE_MARKER_RECORDED -> {
                    MarkerRecordedEventAttributes marker = e.getMarkerRecordedEventAttributes();
                    if (!LOCAL_ACTIVITY.equals(marker.getMarkerName())) {
                        continue; // a version marker: not a step
                    }
                    String name = "local:" + markerStep(marker);
                    String step = name + "#" + seen.merge(name, 1, Integer::sum);
                    // All markers of a workflow task carry its completion time: when each step began is in its meta.
                    out.put(step + ".at", ms(clientStart, firstScheduled(marker).orElse(t)));
                }
                case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
                    var field = e.getUpsertWorkflowSearchAttributesEventAttributes()
                            .getSearchAttributes()
                            .getIndexedFieldsMap()
                            .get("StartupOutcome");
                    if (field != null && "VALIDATED".equals(StartupClient.decode(field))) {
                        out.put("VALIDATED.at", ms(clientStart, t));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> out.put("workflowCompleted.at", ms(clientStart, t));
                default -> {}
            }
        }
        out.put("workflowTasks.count", (double) workflowTasks);
        out.put("workflowTasks.took", workflowTaskMs);
        out.put("workflowTasks.waited", waitedMs);
        out.put("workflowTasks.ran", ranMs);
        return out;
    }

    /**
     * The owner's side of the startup's report, from the monitor's history (a monitor started by this report): when it
     * started, accepted the Update, each activity it ran until the Update completed ({@code .at}: scheduled, {@code
     * .took}: scheduled → completed), and its workflow tasks until then. Keys start with {@code owner:}.
     */
    static Map<String, Double> owner(WorkflowExecutionHistory monitor, Instant clientStart) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<Long, String> scheduled = new HashMap<>();
        Map<Long, Instant> scheduledAt = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Instant taskScheduled = null;
        Instant taskStarted = null;
        int workflowTasks = 0;
        double waitedMs = 0;
        double ranMs = 0;
        for (HistoryEvent e : monitor.getEvents()) {
            Instant t = toInstant(e.getEventTime());
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> out.put("owner:started.at", ms(clientStart, t));
                case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> taskScheduled = t;
                case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
                    taskStarted = t;
                    if (taskScheduled != null) {
                        waitedMs += ms(taskScheduled, t);
                    }
                }
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
                    workflowTasks++;
                    if (taskStarted != null) {
                        ranMs += ms(taskStarted, t);
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ->
                    out.putIfAbsent("owner:updateAccepted.at", ms(clientStart, t));
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                    String name = "owner:"
                            + e.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName();
                    String step = name + "#" + seen.merge(name, 1, Integer::sum);
                    scheduled.put(e.getEventId(), step);
                    scheduledAt.put(e.getEventId(), t);
                    out.put(step + ".at", ms(clientStart, t));
                }
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    long id = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                    if (scheduled.containsKey(id)) {
                        out.put(scheduled.get(id) + ".took", ms(scheduledAt.get(id), t));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
                    out.put("owner:updateCompleted.at", ms(clientStart, t));
                    out.put("owner:workflowTasks.count", (double) workflowTasks);
                    out.put("owner:workflowTasks.waited", waitedMs);
                    out.put("owner:workflowTasks.ran", ranMs);
                    return out;
                }
                default -> {}
            }
        }
        return out;
    }

    /** A local activity's first scheduling, as the worker's clock saw it (the SDK's {@code meta.firstSkd}). */
    static java.util.Optional<Instant> firstScheduled(MarkerRecordedEventAttributes marker) {
        var meta = marker.getDetailsMap().get("meta");
        if (meta == null || meta.getPayloadsCount() == 0) {
            return java.util.Optional.empty();
        }
        java.util.regex.Matcher m =
                FIRST_SCHEDULED.matcher(meta.getPayloads(0).getData().toStringUtf8());
        return m.find()
                ? java.util.Optional.of(Instant.ofEpochMilli(Long.parseLong(m.group(1))))
                : java.util.Optional.empty();
    }

    /** Percentiles per step over runs: step → {p50Ms, p99Ms}; steps missing from some runs are over the others. */
    static Map<String, Object> summarize(List<Map<String, Double>> runs) {
        Map<String, List<Double>> byStep = new LinkedHashMap<>();
        for (Map<String, Double> run : runs) {
            run.forEach((step, ms) ->
                    byStep.computeIfAbsent(step, k -> new ArrayList<>()).add(ms));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        byStep.forEach((step, values) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p50", BenchStats.round(BenchStats.percentile(values, 50)));
            m.put("p99", BenchStats.round(BenchStats.percentile(values, 99)));
            if (values.size() != runs.size()) {
                m.put("n", values.size());
            }
            out.put(step, m);
        });
        return out;
    }

    /**
     * A local activity's marker is named by its activity type ({@code local:initModules}), so each local step is
     * its own line; any other marker (a version marker) by the marker's name.
     */
    static String markerStep(MarkerRecordedEventAttributes marker) {
        var type = marker.getDetailsMap().get("type");
        if (LOCAL_ACTIVITY.equals(marker.getMarkerName()) && type != null && type.getPayloadsCount() > 0) {
            String name = StartupClient.decode(type.getPayloads(0));
            if (name != null && !name.isBlank()) {
                return name;
            }
        }
        return marker.getMarkerName();
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static Instant toInstant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
