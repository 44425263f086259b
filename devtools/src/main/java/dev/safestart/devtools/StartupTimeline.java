package dev.safestart.devtools;

import com.google.protobuf.Timestamp;
import dev.safestart.cli.StartupClient;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a startup's time goes, read from its history: each step (an activity from scheduled to completed, a local
 * activity from when it was first scheduled, the VALIDATED upsert, the workflow tasks' waiting and running time) as
 * milliseconds since the client's start call, and the owner's side of the report from the monitor's history (the
 * Update accepted, the arm, the Update completed). Steps are named by type and order ({@code validateAuth#1}), so runs
 * of the same shape line up for percentiles.
 */
final class StartupTimeline {
    private static final String LOCAL_ACTIVITY = "LocalActivity";
    private static final Pattern FIRST_SCHEDULED = Pattern.compile("\"firstSkd\"\\s*:\\s*(\\d+)");

    private StartupTimeline() {}

    /**
     * @param clientStart when the client called start (the same machine's clock as the server's)
     * @return step → milliseconds: {@code <step>.at} (since clientStart) and {@code <step>.took} (its own duration)
     */
    static Map<String, Double> of(WorkflowExecutionHistory history, Instant clientStart) {
        Steps steps = new Steps("", clientStart);
        for (HistoryEvent e : history.getEvents()) {
            Instant t = toInstant(e.getEventTime());
            if (steps.take(e, t)) {
                continue;
            }
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> steps.mark("workflowStarted", t);
                case EVENT_TYPE_MARKER_RECORDED -> {
                    MarkerRecordedEventAttributes marker = e.getMarkerRecordedEventAttributes();
                    if (LOCAL_ACTIVITY.equals(marker.getMarkerName())) { // else a version marker: not a step
                        // All markers of a workflow task carry its completion time: when each step began is in its
                        // meta.
                        steps.step(
                                "local:" + markerStep(marker),
                                firstScheduled(marker).orElse(t));
                    }
                }
                case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
                    var field = e.getUpsertWorkflowSearchAttributesEventAttributes()
                            .getSearchAttributes()
                            .getIndexedFieldsMap()
                            .get("StartupOutcome");
                    if (field != null && "VALIDATED".equals(StartupClient.decode(field))) {
                        steps.mark("VALIDATED", t);
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> steps.mark("workflowCompleted", t);
                default -> {}
            }
        }
        return steps.withWorkflowTasks();
    }

    /**
     * The owner's side of the startup's report, from the monitor's history (a monitor started by this report): when it
     * started, accepted the Update, each activity it ran until the Update completed ({@code .at}: scheduled, {@code
     * .took}: scheduled → completed), and its workflow tasks until then. Keys start with {@code owner:}.
     */
    static Map<String, Double> owner(WorkflowExecutionHistory monitor, Instant clientStart) {
        Steps steps = new Steps("owner:", clientStart);
        for (HistoryEvent e : monitor.getEvents()) {
            Instant t = toInstant(e.getEventTime());
            if (steps.take(e, t)) {
                continue;
            }
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> steps.mark("started", t);
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> steps.markFirst("updateAccepted", t);
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
                    steps.mark("updateCompleted", t);
                    return steps.withWorkflowTasks();
                }
                default -> {}
            }
        }
        return steps.out;
    }

    /**
     * The steps of one history, keys under a prefix: activities from scheduled to completed, named by type and order,
     * and the time its workflow tasks waited (scheduled → started), ran (started → completed) and took in all.
     */
    private static final class Steps {
        private final String prefix;
        private final Instant clientStart;
        private final Map<String, Double> out = new LinkedHashMap<>();
        private final Map<Long, String> scheduled = new HashMap<>();
        private final Map<Long, Instant> scheduledAt = new HashMap<>();
        private final Map<String, Integer> seen = new HashMap<>();
        private Instant taskScheduled;
        private Instant taskStarted;
        private int workflowTasks;
        private double tookMs;
        private double waitedMs;
        private double ranMs;

        Steps(String prefix, Instant clientStart) {
            this.prefix = prefix;
            this.clientStart = clientStart;
        }

        /** Takes a workflow-task or activity event; false for any other. */
        boolean take(HistoryEvent e, Instant t) {
            switch (e.getEventType()) {
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
                        tookMs += ms(taskScheduled, t);
                    }
                    if (taskStarted != null) {
                        ranMs += ms(taskStarted, t);
                    }
                }
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                    String type = e.getActivityTaskScheduledEventAttributes()
                            .getActivityType()
                            .getName();
                    scheduled.put(e.getEventId(), step(type, t));
                    scheduledAt.put(e.getEventId(), t);
                }
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    long id = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                    if (scheduled.containsKey(id)) {
                        out.put(scheduled.get(id) + ".took", ms(scheduledAt.get(id), t));
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** A step named by its type and order ({@code validateAuth#1}), begun at {@code t}; returns its key. */
        String step(String type, Instant t) {
            String name = prefix + type;
            String step = name + "#" + seen.merge(name, 1, Integer::sum);
            out.put(step + ".at", ms(clientStart, t));
            return step;
        }

        void mark(String event, Instant t) {
            out.put(prefix + event + ".at", ms(clientStart, t));
        }

        void markFirst(String event, Instant t) {
            out.putIfAbsent(prefix + event + ".at", ms(clientStart, t));
        }

        Map<String, Double> withWorkflowTasks() {
            out.put(prefix + "workflowTasks.count", (double) workflowTasks);
            out.put(prefix + "workflowTasks.took", tookMs);
            out.put(prefix + "workflowTasks.waited", waitedMs);
            out.put(prefix + "workflowTasks.ran", ranMs);
            return out;
        }
    }

    /** A local activity's first scheduling, as the worker's clock saw it (the SDK's {@code meta.firstSkd}). */
    static Optional<Instant> firstScheduled(MarkerRecordedEventAttributes marker) {
        var meta = marker.getDetailsMap().get("meta");
        if (meta == null || meta.getPayloadsCount() == 0) {
            return Optional.empty();
        }
        Matcher m = FIRST_SCHEDULED.matcher(meta.getPayloads(0).getData().toStringUtf8());
        return m.find() ? Optional.of(Instant.ofEpochMilli(Long.parseLong(m.group(1)))) : Optional.empty();
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

    /** A history event's time (the server's clock). */
    static Instant toInstant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
