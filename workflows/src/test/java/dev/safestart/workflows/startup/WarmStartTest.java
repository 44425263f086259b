package dev.safestart.workflows.startup;

import static dev.safestart.workflows.model.GatewayState.READY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.monitor.ValidationReport;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The warm path (gateway already READY): resolveSettings, initModules and loadGameplan run as local activities, so
 * the startup needs three workflow tasks, and each step is still in history (a marker with its result).
 */
@Timeout(60)
class WarmStartTest {

    @Test
    void settingsEngineAndGameplanAreLocalActivitiesAndTheReportNamesTheInitialisedEngine() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.engine.engineId = "engine-7";
            h.engine.epoch = 3;
            h.engine.engineQueue = "startup-test@engine-7";
            StartupResult r = h.run("warm1", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            WorkflowExecutionHistory history = h.client.fetchHistory("startup-warm1");
            assertThat(localActivities(history))
                    .containsExactly("resolveSettings", "probePort", "initModules", "loadGameplan");
            assertThat(scheduledActivities(history))
                    .containsExactly("validateAuth", "MonitorReportValidation", "SendAlert");
            assertThat(history.getEvents().stream()
                            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                            .count())
                    .as("start+settings+probe, after validateAuth (engine, gameplan, report), after the report")
                    .isLessThanOrEqualTo(4);
            // The owner is told of the engine the local initModules opened, in its epoch and on its own queue.
            assertThat(h.engine.inits).hasSize(1);
            assertThat(h.monitors.reports).singleElement().satisfies(report -> {
                assertThat(report.engineId()).isEqualTo("engine-7");
                assertThat(report.epoch()).isEqualTo(3);
                assertThat(report.engineTaskQueue()).isEqualTo("startup-test@engine-7");
            });
            ValidationReport report = h.monitors.reports.get(0);
            assertThat(report.plan().strategy()).isEqualTo("A");
        }
    }

    @Test
    void aTradingSessionThatCannotOpenIsRetriedThenFailsSafe() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.engine.refuseInit = "client id 7 already in use";
            StartupResult r = h.run("warm2", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).contains("trading session").contains("client id 7 already in use");
            assertThat(h.engine.inits).as("the engine options' 3 attempts").hasSize(3);
            assertThat(h.engine.strategyCReasons).hasSize(1);
            assertThat(h.monitors.reports).isEmpty();
        }
    }

    /** Activity types scheduled as regular activities, in order. */
    static List<String> scheduledActivities(WorkflowExecutionHistory history) {
        return history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .toList();
    }

    /** Activity types recorded as local-activity markers, in order. */
    static List<String> localActivities(WorkflowExecutionHistory history) {
        return history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
                .map(HistoryEvent::getMarkerRecordedEventAttributes)
                .filter(m -> m.getDetailsMap().containsKey("type"))
                .map(m -> DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                        0, Optional.of(m.getDetailsMap().get("type")), String.class, String.class))
                .toList();
    }
}
