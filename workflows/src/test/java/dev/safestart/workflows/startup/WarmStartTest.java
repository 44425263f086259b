package dev.safestart.workflows.startup;

import static dev.safestart.workflows.model.GatewayState.API_NOT_READY;
import static dev.safestart.workflows.model.GatewayState.NOT_AUTHENTICATED;
import static dev.safestart.workflows.model.GatewayState.PORT_CLOSED;
import static dev.safestart.workflows.model.GatewayState.READY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.GameplanCheck;
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
 * The warm path (gateway already READY): from version {@code warm-start-one-task} on, every step up to VALIDATED is a
 * local activity (settings, the TCP check, validateAuth's quick look, the engine, the gameplan, the report to the
 * owner), so VALIDATED is recorded by the first workflow task; each step is still in history, a marker naming its
 * activity type with its input and result.
 */
@Timeout(60)
class WarmStartTest {

    @Test
    void everyStepUpToValidatedRunsInTheFirstWorkflowTaskAndTheReportNamesTheInitialisedEngine() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.engine.engineId = "engine-7";
            h.engine.epoch = 3;
            h.engine.engineQueue = "startup-test@engine-7";
            StartupResult r = h.run("warm1", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            WorkflowExecutionHistory history = h.client.fetchHistory("startup-warm1");
            assertThat(localActivities(history))
                    .containsExactly(
                            "resolveSettings",
                            "probePort",
                            "validateAuth",
                            "initModules",
                            "loadGameplan",
                            "MonitorReportValidation");
            assertThat(scheduledActivities(history))
                    .as("only the INFO alert is still an activity")
                    .containsExactly("SendAlert");
            assertThat(workflowTasksBeforeValidated(history))
                    .as("VALIDATED is recorded by the first workflow task")
                    .isEqualTo(1);
            assertThat(workflowTasks(history))
                    .as("the first, then the one after the alert")
                    .isEqualTo(2);
            // The quick look asked for the short handshake budget, not GATEWAY_HANDSHAKE_TIMEOUT.
            assertThat(h.gateway.targets)
                    .extracting(t -> t.handshakeTimeoutSeconds())
                    .containsExactly(60, StartupWorkflowImpl.QUICK_LOOK_SECONDS);
            assertThat(r.attempts()).singleElement().satisfies(a -> {
                assertThat(a.step()).isEqualTo("validateAuth");
                assertThat(a.state()).isEqualTo(READY);
            });
            // The owner is told of the engine the local initModules opened, in its epoch and on its own queue.
            assertThat(h.engine.inits).hasSize(1);
            assertThat(h.monitors.reports).singleElement().satisfies(report -> {
                assertThat(report.engineId()).isEqualTo("engine-7");
                assertThat(report.epoch()).isEqualTo(3);
                assertThat(report.engineTaskQueue()).isEqualTo("startup-test@engine-7");
            });
            ValidationReport report = h.monitors.reports.get(0);
            assertThat(report.plan().strategy()).isEqualTo("A");
            assertThat(h.engine.activations)
                    .as("the owner armed the plan")
                    .extracting(GameplanCheck::strategy)
                    .containsExactly("A");
        }
    }

    @Test
    void aSilentQuickLookHandsTheAttemptToThePatientValidateAuthOnTheFullHandshakeTimeout() {
        // Attempt 1 meets a silent API: the quick look (local) hears nothing, the regular validateAuth waits the
        // full handshake timeout; attempt 2 follows a watch that saw nothing, so it goes straight to the patient look.
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.readyAtAttempt(3, API_NOT_READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(1);
            s.retryCapSeconds(2);
            StartupResult r = h.run("warm3", s.build());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).extracting(a -> a.state()).containsExactly(API_NOT_READY, API_NOT_READY, READY);
            WorkflowExecutionHistory history = h.client.fetchHistory("startup-warm3");
            assertThat(localActivities(history).stream()
                            .filter("validateAuth"::equals)
                            .count())
                    .as("one quick look, at attempt 1 only")
                    .isEqualTo(1);
            assertThat(scheduledActivities(history).stream()
                            .filter("validateAuth"::equals)
                            .count())
                    .as("the patient look at each attempt")
                    .isEqualTo(3);
            assertThat(h.gateway.targets.stream()
                            .filter(t -> t.handshakeTimeoutSeconds() == StartupWorkflowImpl.QUICK_LOOK_SECONDS)
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void withAHandshakeTimeoutNoLongerThanTheQuickLookTheQuickLookIsTheWholeCheck() {
        // GATEWAY_HANDSHAKE_TIMEOUT=1: the quick look already waits that long, a second handshake would only double it.
        ScriptedGateway gateway = ScriptedGateway.readyAtAttempt(2, API_NOT_READY);
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.handshakeTimeoutSeconds(1);
            s.retryIntervalSeconds(1);
            StartupResult r = h.run("warm6", s.build());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).extracting(a -> a.state()).containsExactly(API_NOT_READY, READY);
            assertThat(scheduledActivities(h.client.fetchHistory("startup-warm6"))
                            .indexOf("awaitGatewayReady"))
                    .as("attempt 1 was the quick look alone: the watch is the first activity")
                    .isZero();
            assertThat(h.gateway.targets)
                    .extracting(t -> t.handshakeTimeoutSeconds())
                    .as("never more than the 1 s handshake timeout")
                    .containsOnly(1);
        }
    }

    @Test
    void afterTheWatchSawReadyTheNextAttemptValidatesInsideItsWorkflowTask() {
        ScriptedGateway gateway = ScriptedGateway.always(PORT_CLOSED);
        gateway.watchSeesReadyAfterAttempt = 1;
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupResult r = h.run("warm4", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).extracting(a -> a.state()).containsExactly(PORT_CLOSED, READY);
            WorkflowExecutionHistory history = h.client.fetchHistory("startup-warm4");
            assertThat(scheduledActivities(history))
                    .as("the watch, then only the alert: the READY attempt's check was the local quick look")
                    .containsExactly("awaitGatewayReady", "SendAlert");
            assertThat(localActivities(history))
                    .containsSubsequence("probePort", "probePort", "validateAuth", "MonitorReportValidation");
        }
    }

    @Test
    void aQuickLookAnsweredButNotReadyIsTheAttemptsVerdictWithNoSecondHandshake() {
        // The gateway answered (not logged in): its probe id reached it, so no second socket right away with it.
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.readyAtAttempt(2, NOT_AUTHENTICATED), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(1);
            StartupResult r = h.run("warm5", s.build());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts().get(0).state()).isEqualTo(NOT_AUTHENTICATED);
            WorkflowExecutionHistory history = h.client.fetchHistory("startup-warm5");
            List<String> scheduled = scheduledActivities(history);
            assertThat(scheduled.indexOf("awaitGatewayReady"))
                    .as("attempt 1 ended with the quick look's verdict: the watch came next, no validateAuth activity")
                    .isZero();
        }
    }

    /** Workflow tasks completed up to the one that recorded StartupOutcome=VALIDATED. */
    static long workflowTasksBeforeValidated(WorkflowExecutionHistory history) {
        long tasks = 0;
        for (HistoryEvent e : history.getEvents()) {
            if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
                tasks++;
            }
            if (e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
                    && e.getUpsertWorkflowSearchAttributesEventAttributes()
                            .getSearchAttributes()
                            .getIndexedFieldsMap()
                            .containsKey("StartupOutcome")) {
                return tasks;
            }
        }
        return -1;
    }

    static long workflowTasks(WorkflowExecutionHistory history) {
        return history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                .count();
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
