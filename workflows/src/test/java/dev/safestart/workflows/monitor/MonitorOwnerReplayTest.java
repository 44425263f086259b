package dev.safestart.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.workflows.model.GatewayState;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism of the owner: histories recorded from the owner's first version are kept forever under
 * src/test/resources/histories (never re-recorded; the recorder only writes files that are missing) and must replay
 * against the current code, next to {@code monitor-history.json} from the monitor before the owner. A workflow
 * change that reorders commands without {@code Workflow.getVersion} fails here; the negative test shows that the
 * replayer does catch such a change.
 */
class MonitorOwnerReplayTest {
    static final String OWNER_HISTORY = "histories/monitor-owner-v1.json";
    /** Recorded with the engine checks and the rule that staying in C closes an open gate (both version markers). */
    static final String OWNER_HISTORY_V3 = "histories/monitor-owner-v3.json";
    /** Recorded with the rewatch after an engine view dropped as stale (a slow first watch overtaken by the arm). */
    static final String OWNER_HISTORY_V4 = "histories/monitor-owner-v4.json";
    /** Recorded with a gateway watch lost with its worker while armed: watched again, then a real drop. */
    static final String OWNER_HISTORY_V5 = "histories/monitor-owner-v5.json";
    /** Recorded with an engine watch lost while the owner's effects changed the engine: dropped, watched again. */
    static final String OWNER_HISTORY_V6 = "histories/monitor-owner-v6.json";

    /** Every kept monitor history: each must replay, and a changed workflow must fail on each. */
    static List<String> keptHistories() {
        return List.of(
                OWNER_HISTORY,
                OWNER_HISTORY_V3,
                OWNER_HISTORY_V4,
                OWNER_HISTORY_V5,
                OWNER_HISTORY_V6,
                "monitor-history.json");
    }

    @Test
    void everyKeptMonitorHistoryIsReplayed() throws Exception {
        try (var files = Files.list(Path.of("src/test/resources/histories"))) {
            assertThat(keptHistories())
                    .containsAll(files.map(f -> "histories/" + f.getFileName())
                            .filter(name -> name.startsWith("histories/monitor-"))
                            .toList());
        }
    }

    @ParameterizedTest
    @MethodSource("keptHistories")
    void keptHistoriesReplay(String resource) throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history(resource), RuntimeMonitorWorkflowImpl.class);
    }

    @Test
    void theOwnerHistoryCoversUpdatesEngineRestartAndContinueAsNew() throws Exception {
        WorkflowExecutionHistory history = history(OWNER_HISTORY);
        assertThat(history.getEvents())
                .extracting(e -> e.getEventType())
                .contains(
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
                        EventType.EVENT_TYPE_MARKER_RECORDED,
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    }

    @Test
    void theV3HistoryClosesAnOpenGateWhenARevalidationStaysInC() throws Exception {
        assertThat(history(OWNER_HISTORY_V3).getEvents())
                .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .flatExtracting(e ->
                        e.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList())
                .anySatisfy(p -> assertThat(p.getData().toStringUtf8()).contains("\"trigger\":\"STAY_IN_C\""));
    }

    @Test
    void theV4HistoryStartsASecondEngineWatchAfterTheArm() throws Exception {
        assertThat(history(OWNER_HISTORY_V4).getEvents())
                .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .extracting(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .containsSubsequence("MonitorWatchEngine", "activatePlan", "MonitorWatchEngine");
    }

    @Test
    void theV5HistoryWatchesTheGatewayAgainAfterALostWatchAndEntersCOnlyOnTheDrop() throws Exception {
        List<HistoryEvent> events = history(OWNER_HISTORY_V5).getEvents();
        int timedOut = indexOf(events, e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
        int signalled = indexOf(events, e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
        assertThat(timedOut).as("the lost watch timed out").isPositive();
        assertThat(signalled).as("the drop came after it").isGreaterThan(timedOut);
        assertThat(events.subList(timedOut, signalled))
                .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .extracting(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .contains("MonitorWatchGateway")
                .doesNotContain("MonitorEnterStrategyC");
        assertThat(events.subList(signalled, events.size()))
                .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .extracting(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .contains("MonitorEnterStrategyC");
    }

    @Test
    void theV6HistoryWatchesTheEngineAgainAfterALostWatchWithoutAWorkerDownAlert() throws Exception {
        List<HistoryEvent> events = history(OWNER_HISTORY_V6).getEvents();
        int timedOut = indexOf(events, e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
        assertThat(timedOut).as("the lost watch timed out").isPositive();
        assertThat(events.subList(timedOut, events.size()))
                .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .extracting(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .contains("MonitorWatchEngine")
                .doesNotContain("SendAlert");
    }

    private static int indexOf(List<HistoryEvent> events, Predicate<HistoryEvent> test) {
        for (int i = 0; i < events.size(); i++) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A deliberately changed workflow (one extra timer before anything else) must not replay. */
    public static class ChangedMonitor extends RuntimeMonitorWorkflowImpl {
        @Override
        public void run(MonitorRequest request) {
            Workflow.sleep(Duration.ofSeconds(1));
            super.run(request);
        }
    }

    @ParameterizedTest
    @MethodSource("keptHistories")
    void aNonDeterministicChangeIsCaught(String resource) throws Exception {
        WorkflowExecutionHistory history = history(resource);
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, ChangedMonitor.class))
                .hasStackTraceContaining("NonDeterministic");
    }

    static WorkflowExecutionHistory history(String resource) throws Exception {
        try (var in = MonitorOwnerReplayTest.class.getResourceAsStream("/" + resource)) {
            assertThat(in).as("kept history " + resource).isNotNull();
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Where a recorder writes {@code resource}; skips unless recording was asked for and the file is missing. */
    private static Path recordingTarget(String resource) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Boolean.getBoolean("safestart.recordHistories"),
                "recording only with -Dsafestart.recordHistories=true");
        Path out = Path.of("src/test/resources/" + resource);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(out), "kept forever: never re-recorded");
        return out;
    }

    /** Records the owner history if it is missing; only with {@code -Dsafestart.recordHistories=true}. */
    @Test
    void record() throws Exception {
        Path out = recordingTarget(OWNER_HISTORY);
        MonitorSettings settings = MonitorTestHarness.settings().withContinueAsNewAfter(200);
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            String firstRun = h.untyped.getExecution().getRunId();
            h.env.sleep(Duration.ofMinutes(1));
            h.gateway.state = GatewayState.PORT_CLOSED;
            h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
            h.env.sleep(Duration.ofSeconds(20));
            h.gateway.state = GatewayState.READY;
            h.awaitStatus(s -> s.holds().contains("AWAITING_RESUME"), Duration.ofMinutes(3));
            assertThat(h.monitor.resume().confirmed()).isTrue();
            assertThat(h.monitor.forceStrategyC("replay test").confirmed()).isTrue();
            assertThat(h.report("A").decision()).isEqualTo(OwnerDecision.Decision.HELD);
            assertThat(h.monitor.resume().confirmed()).isTrue();
            h.trading.restarted("engine-2");
            h.awaitStatus(s -> s.state() == OwnerState.ARMED && s.engineId().equals("engine-2"), Duration.ofMinutes(2));
            writeFirstRunOnceContinuedAsNew(h, firstRun, out);
        }
    }

    /** Records the v3 owner history if it is missing; only with {@code -Dsafestart.recordHistories=true}. */
    @Test
    void recordV3() throws Exception {
        Path out = recordingTarget(OWNER_HISTORY_V3);
        MonitorSettings settings = MonitorTestHarness.settings()
                .withGameplan("/data/gameplan.json", "America/New_York")
                .withContinueAsNewAfter(200);
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            String firstRun = h.untyped.getExecution().getRunId();
            h.gateway.state = GatewayState.PORT_CLOSED;
            h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
            h.env.sleep(Duration.ofSeconds(20));
            h.gateway.state = GatewayState.READY;
            h.awaitStatus(s -> s.holds().contains("AWAITING_RESUME"), Duration.ofMinutes(3));
            assertThat(h.monitor.resume().confirmed()).isTrue();
            h.awaitStatus(s -> s.state() == OwnerState.ARMED, Duration.ofMinutes(1));
            // Resume while armed, the day's plan now selecting C: staying in C closes the open gate.
            h.startupActivities.check = new dev.safestart.workflows.model.GameplanCheck(
                    true, "", "", "2026-02-10", "C", java.util.List.of("SPY"), 0.1, 100);
            h.monitor.resume();
            h.awaitStatus(s -> s.state() == OwnerState.SAFE_C, Duration.ofMinutes(1));
            h.awaitTrue(() -> !h.trading.snapshot().orderGateOpen(), Duration.ofSeconds(30));
            h.trading.restarted("engine-2");
            h.awaitStatus(s -> s.engineId().equals("engine-2"), Duration.ofMinutes(2));
            writeFirstRunOnceContinuedAsNew(h, firstRun, out);
        }
    }

    /** Records the v4 owner history if it is missing; only with {@code -Dsafestart.recordHistories=true}. */
    @Test
    void recordV4() throws Exception {
        Path out = recordingTarget(OWNER_HISTORY_V4);
        try (MonitorTestHarness h = new MonitorTestHarness(MonitorTestHarness.settings(), true, null)) {
            h.trading.watchReportDelayMillis = 1_500; // the first watch reports only after the arm
            assertThat(h.startValidated().armed()).isTrue();
            h.awaitStatus(s -> s.lastBotPingEpochMillis() > 0, Duration.ofSeconds(30));
            h.trading.watchReportDelayMillis = 0;
            assertThat(h.monitor.forceStrategyC("replay test").confirmed()).isTrue();
            assertThat(h.monitor.resume().confirmed()).isTrue();
            h.awaitStatus(s -> s.state() == OwnerState.ARMED, Duration.ofMinutes(1));
            h.gateway.state = GatewayState.PORT_CLOSED;
            h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
            h.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(30));
            write(h.env.getWorkflowClient().fetchHistory("monitor-bot1"), out);
        }
    }

    /** Records the v5 owner history if it is missing; only with {@code -Dsafestart.recordHistories=true}. */
    @Test
    void recordV5() throws Exception {
        Path out = recordingTarget(OWNER_HISTORY_V5);
        try (MonitorTestHarness h =
                new MonitorTestHarness(MonitorTestHarness.shortestGatewayWatchTimeout(), true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            h.loseGatewayWatch();
            h.gateway.state = GatewayState.PORT_CLOSED;
            h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
            h.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(30));
            h.awaitTrue(() -> !h.trading.strategyC.isEmpty(), Duration.ofSeconds(30));
            write(h.env.getWorkflowClient().fetchHistory("monitor-bot1"), out);
        }
    }

    /** Records the v6 owner history if it is missing; only with {@code -Dsafestart.recordHistories=true}. */
    @Test
    void recordV6() throws Exception {
        Path out = recordingTarget(OWNER_HISTORY_V6);
        try (MonitorTestHarness h = new MonitorTestHarness(MonitorTestHarness.tenSecondInterval(), true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            h.loseEngineWatchWhileTheEngineChanges();
            h.awaitStatus(s -> s.lastBotPingEpochMillis() > 0, Duration.ofSeconds(30));
            write(h.env.getWorkflowClient().fetchHistory("monitor-bot1"), out);
        }
    }

    /** The operator cycles C and resume until the run continues as new; then the first run's history goes to out. */
    private static void writeFirstRunOnceContinuedAsNew(MonitorTestHarness h, String firstRun, Path out)
            throws Exception {
        for (int i = 0; i < 30 && h.status().run() == 1; i++) {
            h.monitor.forceStrategyC("cycle " + i);
            h.monitor.resume();
        }
        h.awaitStatus(s -> s.run() > 1, Duration.ofMinutes(1));
        write(h.env.getWorkflowClient().fetchHistory("monitor-bot1", firstRun), out);
    }

    private static void write(WorkflowExecutionHistory history, Path out) throws Exception {
        Files.createDirectories(out.getParent());
        Files.writeString(out, history.toJson(true));
    }
}
