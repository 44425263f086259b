package dev.safestart.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.GatewayState;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RuntimeMonitorWorkflowTest {

    @Test
    void disconnectionEntersStrategyCWithTriggerAndTimingInHistoryThenWaitsForResume() {
        try (MonitorTestHarness h = new MonitorTestHarness(MonitorTestHarness.settings(), true, null)) {
            h.startValidated();
            h.awaitStatus(s -> s.lastBotPingEpochMillis() > 0, Duration.ofMinutes(2));
            h.gateway.state = GatewayState.PORT_CLOSED;
            long droppedAt = h.signalDropSeenFirstBySignal(ConnectionSignal.Kind.SOCKET_CLOSED);

            h.awaitTrue(() -> !h.trading.strategyC.isEmpty() && !h.alerts.sent.isEmpty(), Duration.ofSeconds(30));
            MonitorStatus inC = h.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(5));
            assertThat(inC.strategyActive()).isEqualTo("C");
            assertThat(inC.gatewayConnected()).isFalse();
            assertThat(h.trading.strategyC.get(0)).satisfies(c -> {
                assertThat(c.trigger()).startsWith("SOCKET_CLOSED");
                assertThat(c.detectedAtEpochMillis()).isEqualTo(droppedAt);
                assertThat(c.decidedAtEpochMillis() - droppedAt).isLessThan(1_000);
            });
            // A watch that looked before the C reached the engine may add a second, harmless C; never another kind.
            assertThat(h.trading.strategyC.subList(1, h.trading.strategyC.size()))
                    .allSatisfy(c -> assertThat(c.trigger()).isEqualTo("GATE_OPEN_UNEXPECTED"));
            assertThat(h.alerts(AlertSeverity.CRITICAL))
                    .singleElement()
                    .satisfies(a -> assertThat(a.title()).contains("dropped"));

            // The Strategy C decision, trigger and timing are in history: the activity input carries them.
            HistoryEvent scheduled =
                    h
                            .env
                            .getWorkflowClient()
                            .fetchHistory(h.untyped.getExecution().getWorkflowId())
                            .getEvents()
                            .stream()
                            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                            .filter(e -> e.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName()
                                    .equals("MonitorEnterStrategyC"))
                            .findFirst()
                            .orElseThrow();
            StrategyCOrder recorded = DefaultDataConverter.newDefaultInstance()
                    .fromPayload(
                            scheduled
                                    .getActivityTaskScheduledEventAttributes()
                                    .getInput()
                                    .getPayloads(0),
                            StrategyCOrder.class,
                            StrategyCOrder.class);
            assertThat(recorded.trigger()).startsWith("SOCKET_CLOSED");

            // Gateway back: re-validation, but AUTO_RESUME=false keeps C until the operator resumes.
            h.gateway.state = GatewayState.READY;
            MonitorStatus back = h.awaitStatus(s -> s.phase() == MonitorPhase.AWAITING_RESUME, Duration.ofMinutes(3));
            assertThat(back.strategyActive()).isEqualTo("C");
            assertThat(back.gatewayConnected()).isTrue();
            assertThat(h.trading.revalidations.get()).isEqualTo(1);
            assertThat(back.holds()).containsExactly("AWAITING_RESUME");
            assertThat(h.startupActivities.activated)
                    .as("armed once, by the owner at the startup's report")
                    .hasSize(1);

            OperatorReply reply = h.monitor.resume();
            assertThat(reply.confirmed()).isTrue();
            assertThat(reply.state()).isEqualTo(OwnerState.ARMED);
            MonitorStatus resumed = h.status();
            assertThat(resumed.phase()).isEqualTo(MonitorPhase.MONITORING);
            assertThat(resumed.strategyActive()).isEqualTo("A");
            assertThat(h.trading.revalidations.get())
                    .as("resume validates afresh first")
                    .isEqualTo(2);
            assertThat(resumed.recentDecisions())
                    .extracting(MonitorDecision::decision)
                    .containsSubsequence(
                            "ENTER_STRATEGY_C",
                            "REVALIDATED",
                            "STAY_IN_C",
                            "RESUME_REQUESTED",
                            "REVALIDATED",
                            "RESUMED");
        }
    }

    @Test
    void autoResumeResumesAfterReconnectionWithBackoff() {
        try (MonitorTestHarness h = new MonitorTestHarness(
                MonitorTestHarness.settings().withAutoResume(true).withTiming(60, 10, 1, 4, 60), true, null)) {
            h.startValidated();
            h.gateway.state = GatewayState.API_NOT_READY;
            h.signalDrop(ConnectionSignal.Kind.CONNECTIVITY_LOST);
            h.awaitStatus(s -> s.reconnectAttempt() >= 3, Duration.ofMinutes(2));
            int probesWhileDown = h.gateway.probes.get();
            h.gateway.state = GatewayState.READY;
            MonitorStatus resumed = h.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofMinutes(2));
            assertThat(resumed.strategyActive()).isEqualTo("A");
            assertThat(h.startupActivities.activated)
                    .as("startup's arm + the re-arm")
                    .hasSize(2);
            // Backoff 1, 2, 4 s …: a handful of probes, not one per second.
            assertThat(probesWhileDown).isBetween(3, 6);
            assertThat(h.alerts(AlertSeverity.INFO))
                    .extracting(a -> a.title())
                    .contains("Gateway back; trading resumed");
        }
    }

    @Test
    void restartStormLatchesStrategyCAndAlertsCriticalOnce() {
        try (MonitorTestHarness h = new MonitorTestHarness(
                MonitorTestHarness.settings().withAutoResume(true).withTiming(60, 10, 1, 4, 60), true, null)) {
            h.startValidated();
            for (int i = 0; i < 4; i++) {
                int before = h.trading.strategyC.size();
                h.signalDrop(ConnectionSignal.Kind.CONNECTION_BROKEN);
                h.awaitTrue(() -> h.trading.strategyC.size() > before, Duration.ofSeconds(10));
                h.awaitStatus(s -> s.phase() != MonitorPhase.RECOVERING, Duration.ofMinutes(2));
            }
            MonitorStatus latched = h.status();
            assertThat(latched.latched()).isTrue();
            assertThat(latched.phase()).isEqualTo(MonitorPhase.AWAITING_RESUME);
            assertThat(latched.strategyActive()).isEqualTo("C");
            assertThat(h.alerts(AlertSeverity.CRITICAL))
                    .extracting(a -> a.title())
                    .containsOnlyOnce("Restart storm: Strategy C latched");
            int armsBefore = h.startupActivities.activated.size();
            h.env.sleep(Duration.ofSeconds(10));
            assertThat(h.status().strategyActive())
                    .as("latched: no auto resume")
                    .isEqualTo("C");

            h.monitor.resume();
            MonitorStatus resumed = h.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofSeconds(5));
            assertThat(resumed.latched()).isFalse();
            assertThat(h.startupActivities.activated).hasSize(armsBefore + 1);
        }
    }

    @Test
    void nightlyRestartInsideTheWindowIsInfoAndRevalidatesAfterIt() {
        // 23:50 New York on a winter night.
        Instant start = Instant.parse("2026-02-11T04:50:00Z");
        MonitorSettings settings = MonitorTestHarness.settings().withRestartWindow("23:45-23:50:20 America/New_York");
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, start)) {
            h.startValidated();
            h.gateway.state = GatewayState.PORT_CLOSED;
            h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
            h.awaitTrue(() -> h.alerts.sent.size() == 1, Duration.ofSeconds(5));
            MonitorStatus inC = h.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(5));
            assertThat(inC.disconnectsInWindow())
                    .as("expected drops do not count towards the storm")
                    .isZero();
            assertThat(h.alerts(AlertSeverity.CRITICAL)).isEmpty();
            assertThat(h.alerts(AlertSeverity.INFO))
                    .extracting(a -> a.title())
                    .contains("Expected nightly gateway restart");
            assertThat(inC.nextReconnectAtEpochMillis())
                    .isEqualTo(Instant.parse("2026-02-11T04:50:20Z").toEpochMilli());

            h.env.sleep(Duration.ofSeconds(10));
            assertThat(h.trading.revalidations.get())
                    .as("no attempt inside the window")
                    .isZero();
            h.gateway.state = GatewayState.READY;
            MonitorStatus back = h.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofMinutes(10));
            assertThat(back.strategyActive()).isEqualTo("A");
            assertThat(h.env.currentTimeMillis())
                    .isGreaterThanOrEqualTo(
                            Instant.parse("2026-02-11T04:50:20Z").toEpochMilli());
        }
    }

    @Test
    void forcedStrategyCHoldsUntilResume() {
        try (MonitorTestHarness h =
                new MonitorTestHarness(MonitorTestHarness.settings().withAutoResume(true), true, null)) {
            h.startValidated();
            h.monitor.forceStrategyC("earnings surprise");
            h.awaitTrue(() -> !h.trading.strategyC.isEmpty(), Duration.ofSeconds(5));
            MonitorStatus forced = h.awaitStatus(s -> s.forcedStrategyC(), Duration.ofSeconds(5));
            assertThat(forced.strategyActive()).isEqualTo("C");
            // The operator's C reaches the engine. An engine watch that looked before it did may show the gate still
            // open and order a second, harmless Strategy C (GATE_OPEN_UNEXPECTED), never anything else. The two are
            // concurrent activities, so either may run first.
            h.awaitTrue(
                    () -> h.trading.strategyC.stream().anyMatch(c -> c.reason().contains("earnings surprise")),
                    Duration.ofSeconds(5));
            assertThat(h.trading.strategyC)
                    .filteredOn(c -> !c.reason().contains("earnings surprise"))
                    .allSatisfy(c -> assertThat(c.trigger()).isEqualTo("GATE_OPEN_UNEXPECTED"));
            h.env.sleep(Duration.ofSeconds(5));
            assertThat(h.status().strategyActive()).isEqualTo("C");
            h.monitor.resume();
            assertThat(h.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofSeconds(5))
                            .strategyActive())
                    .isEqualTo("A");
        }
    }

    @Test
    void aResumeWhileArmedWithAPlanNowSelectingCClosesTheGate() {
        MonitorSettings settings =
                MonitorTestHarness.settings().withGameplan("/data/gameplan.json", "America/New_York");
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            h.awaitTrue(() -> h.trading.snapshot().orderGateOpen(), Duration.ofSeconds(10));
            h.startupActivities.check = new dev.safestart.workflows.model.GameplanCheck(
                    true, "", "", "2026-02-10", "C", java.util.List.of("SPY"), 0.1, 100);
            h.monitor.resume();
            h.awaitTrue(
                    () -> h.trading.strategyC.stream().anyMatch(c -> c.trigger().equals("STAY_IN_C")),
                    Duration.ofSeconds(10));
            assertThat(h.trading.snapshot().orderGateOpen()).isFalse();
            assertThat(h.status().state()).isEqualTo(OwnerState.SAFE_C);
        }
    }

    @Test
    void anEngineWatchOvertakenByTheArmIsReplacedSoTheEngineStaysWatched() {
        try (MonitorTestHarness h = new MonitorTestHarness(MonitorTestHarness.settings(), true, null)) {
            // The first watch starts before the startup reports and reports its (older) view only after the arm
            // has been processed: the owner drops that view, and must start another watch rather than go blind.
            h.trading.watchReportDelayMillis = 1_500;
            assertThat(h.startValidated().armed()).isTrue();
            MonitorStatus watched = h.awaitStatus(s -> s.lastBotPingEpochMillis() > 0, Duration.ofSeconds(30));
            assertThat(watched.strategyActive()).isEqualTo("A");
            assertThat(h.trading.watches.get()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void independentProbeCatchesADropNobodySignalled() {
        try (MonitorTestHarness h =
                new MonitorTestHarness(MonitorTestHarness.settings().withTiming(5, 10, 5, 60, 60), true, null)) {
            h.startValidated();
            h.gateway.state = GatewayState.API_NOT_READY;
            MonitorStatus status = h.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(20));
            assertThat(status.lastError()).contains("independent probe");
            // The probe's Strategy C reaches the engine. An engine watch that looked before it did may show the gate
            // still open and order a second, harmless one (GATE_OPEN_UNEXPECTED); either activity may run first.
            h.awaitTrue(
                    () -> h.trading.strategyC.stream().anyMatch(c -> c.trigger().startsWith("independent probe")),
                    Duration.ofSeconds(5));
            assertThat(h.trading.strategyC)
                    .filteredOn(c -> !c.trigger().startsWith("independent probe"))
                    .allSatisfy(c -> assertThat(c.trigger()).isEqualTo("GATE_OPEN_UNEXPECTED"));
        }
    }

    @Test
    void aGatewayWatchLostWithItsWorkerIsWatchedAgainNotTakenForADrop() { // EC-31
        try (MonitorTestHarness h =
                new MonitorTestHarness(MonitorTestHarness.shortestGatewayWatchTimeout(), true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            h.loseGatewayWatch();

            MonitorStatus status = h.status();
            assertThat(status.state()).as(status.toString()).isEqualTo(OwnerState.ARMED);
            assertThat(status.strategyActive()).isEqualTo("A");
            assertThat(h.trading.strategyC).isEmpty();
            assertThat(h.alerts(AlertSeverity.CRITICAL)).isEmpty();
        }
    }

    @Test
    void anEngineWatchLostAfterTheEngineChangedRaisesNoFalseWorkerDown() { // EC-32
        try (MonitorTestHarness h = new MonitorTestHarness(MonitorTestHarness.tenSecondInterval(), true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            h.loseEngineWatchWhileTheEngineChanges();

            MonitorStatus status = h.status();
            assertThat(status.botWorkerAlive()).as(status.toString()).isTrue();
            assertThat(status.state()).isEqualTo(OwnerState.ARMED);
            assertThat(h.alerts(AlertSeverity.CRITICAL)).isEmpty();
        }
    }

    @Test
    void stoppedTradingWorkerIsReportedDownOnce() {
        MonitorSettings settings = MonitorTestHarness.settings().withTiming(60, 2, 5, 60, 60);
        try (MonitorTestHarness h = new MonitorTestHarness(settings, false, null)) {
            h.start();
            MonitorStatus down = h.awaitStatus(s -> !s.botWorkerAlive(), Duration.ofSeconds(30));
            assertThat(down.lastError()).contains("bot worker down").contains(MonitorTestHarness.BOT_QUEUE);
            assertThat(down.validated()).isFalse();
            h.env.sleep(Duration.ofSeconds(10));
            assertThat(h.alerts(AlertSeverity.CRITICAL))
                    .extracting(a -> a.title())
                    .containsOnlyOnce("Bot worker down");
        }
    }

    @Test
    void flappingGatewayFoldsIntoOneDigestInsteadOfAnAlertPerDrop() {
        MonitorSettings settings = MonitorTestHarness.settings()
                .withAutoResume(true)
                .withMaxDisconnects(20)
                .withTiming(60, 10, 1, 4, 60);
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, null)) {
            h.startValidated();
            for (int i = 0; i < 7; i++) {
                int before = h.trading.strategyC.size();
                h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
                h.awaitTrue(() -> h.trading.strategyC.size() > before, Duration.ofSeconds(5));
                h.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING && s.gatewayConnected(), Duration.ofMinutes(2));
            }
            // First drop and first recovery alert; the rest fold into the digest (AlertPolicyTest covers its text).
            assertThat(h.alerts(AlertSeverity.CRITICAL)).hasSize(1);
            assertThat(h.alerts.sent).as("2 change alerts instead of 14").hasSize(2);
        }
    }

    @Test
    void leavingStrategyCRechecksTheGameplanLikeStartupDoes() {
        MonitorSettings settings = MonitorTestHarness.settings()
                .withAutoResume(true)
                .withGameplan("/data/gameplan.json", "America/New_York");
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, Instant.parse("2026-02-10T15:00:00Z"))) {
            h.startValidated();
            h.startupActivities.check =
                    dev.safestart.workflows.model.GameplanCheck.rejected("date", "2026-02-09 is not today");
            h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
            MonitorStatus held = h.awaitStatus(s -> s.phase() == MonitorPhase.AWAITING_RESUME, Duration.ofMinutes(2));
            assertThat(held.strategyActive()).isEqualTo("C");
            assertThat(held.lastError()).contains("gameplan rejected: date: 2026-02-09 is not today");
            assertThat(h.startupActivities.loads)
                    .first()
                    .satisfies(r -> assertThat(r.today()).isEqualTo("2026-02-10"));
            assertThat(h.startupActivities.activated)
                    .extracting(p -> p.strategy())
                    .containsExactly("A");

            // The operator fixes the plan and resumes: the new plan (strategy B) is checked and armed.
            h.startupActivities.check = new dev.safestart.workflows.model.GameplanCheck(
                    true, "", "", "2026-02-10", "B", java.util.List.of("SPY"), 0.1, 100);
            h.monitor.resume();
            MonitorStatus resumed = h.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofSeconds(10));
            assertThat(resumed.strategyActive()).isEqualTo("B");
            assertThat(h.startupActivities.activated)
                    .extracting(p -> p.strategy())
                    .containsExactly("A", "B");
        }
    }
}
