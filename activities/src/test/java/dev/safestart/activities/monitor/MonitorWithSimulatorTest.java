package dev.safestart.activities.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.engine.OrderRequest;
import dev.safestart.engine.OrderResult;
import dev.safestart.sim.SimMode;
import dev.safestart.tws.Contract;
import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.monitor.MonitorDecision;
import dev.safestart.workflows.monitor.MonitorPhase;
import dev.safestart.workflows.monitor.MonitorStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operators' runtime edge cases, end to end: simulator → TWS session → engine → signal → monitor workflow. */
class MonitorWithSimulatorTest {
    static final OrderRequest BUY = OrderRequest.market("SPY", OrderRequest.Side.BUY, 1);

    @Test
    void gatewayCrashAfterStartupEntersStrategyCThenAutoResumes() throws Exception { // EC-07
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s.withAutoResume(true), 60_000, 2_000)) {
            rig.startMonitor();
            rig.awaitStatus(s -> s.lastBotPingEpochMillis() > 0, Duration.ofSeconds(10));
            assertThat(rig.engine.submitOrder(BUY).accepted()).isTrue();

            rig.sim.setMode(SimMode.DROP_ALL);
            // How fast the gate closes is the runtime benchmark's measure; here: that it closes, locally.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !rig.engine.status().orderGateOpen());
            assertThat(rig.engine.submitOrder(BUY).status()).isEqualTo(OrderResult.Status.REFUSED_GATE_CLOSED);

            // The monitor hears of it by signal, records Strategy C, reconnects, re-validates and (AUTO_RESUME)
            // resumes.
            MonitorStatus back = rig.awaitStatus(
                    s -> s.phase() == MonitorPhase.MONITORING
                            && s.recentDecisions().stream()
                                    .anyMatch(d -> d.decision().equals("RESUMED")),
                    Duration.ofSeconds(20));
            assertThat(back.recentDecisions())
                    .extracting(MonitorDecision::decision)
                    .containsSubsequence("ENTER_STRATEGY_C", "REVALIDATED", "RESUMED");
            assertThat(back.recentDecisions())
                    .filteredOn(d -> d.decision().equals("ENTER_STRATEGY_C"))
                    .first()
                    // The engine's signal, or its watch when that looks first: both report the closed socket.
                    .satisfies(d -> assertThat(d.trigger())
                            .matches("SOCKET_CLOSED.*|engine reports disconnected: socket closed.*"));
            assertThat(rig.engine.submitOrder(BUY).accepted()).isTrue();
            assertThat(rig.alerts.sent)
                    .extracting(a -> a.severity())
                    .contains(AlertSeverity.CRITICAL, AlertSeverity.INFO);
        }
    }

    @Test
    void slowGatewayIsNotMistakenForADeadOne() throws Exception { // EC-08
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s, 60_000, 2_000)) {
            rig.startMonitor();
            rig.sim.setMode(SimMode.SLOW_HANDSHAKE, Map.of("delayMs", "1500"));
            // Several independent probes, each slow but within the handshake timeout: no Strategy C.
            // Three independent probes reached the slow gateway (the simulator counts them) and none of them was
            // taken for a dead gateway.
            long before = rig.sim.status().counters().accepted();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> rig.sim.status().counters().accepted() >= before + 3);
            MonitorStatus status = rig.monitor.status();
            assertThat(status.phase()).isEqualTo(MonitorPhase.MONITORING);
            assertThat(status.strategyActive()).isEqualTo("A");
            assertThat(rig.engine.submitOrder(BUY).accepted()).isTrue();
        }
    }

    @Test
    void nightlyRestartInsideTheWindowIsInfoAndRevalidatesAfterIt() throws Exception { // EC-09
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        String window =
                now.minusSeconds(30).format(hms) + "-" + now.plusSeconds(6).format(hms) + " UTC";
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s.withRestartWindow(window), 60_000, 2_000)) {
            rig.startMonitor();
            rig.sim.setMode(SimMode.RESTART, Map.of("seconds", "2", "notice", "true"));
            MonitorStatus inC = rig.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(5));
            assertThat(inC.disconnectsInWindow()).isZero();
            MonitorStatus back = rig.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofSeconds(20));
            assertThat(back.strategyActive())
                    .as("expected drop: resumes after re-validation")
                    .isEqualTo("A");
            assertThat(rig.alerts.sent).noneMatch(a -> a.severity() == AlertSeverity.CRITICAL);
            assertThat(rig.alerts.sent).anyMatch(a -> a.title().contains("nightly"));
            assertThat(rig.engine.submitOrder(BUY).accepted()).isTrue();
        }
    }

    @Test
    void statusShowsThePositionsAndOpenOrdersTheGatewayReports() throws Exception {
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s, 60_000, 2_000)) {
            rig.startMonitor();
            rig.awaitStatus(
                    s -> s.phase() == MonitorPhase.MONITORING && "A".equals(s.strategyActive()),
                    Duration.ofSeconds(20));
            // What the gateway's account holds, unknown to the engine until its next validation loads it.
            Contract spy = Contract.stock("SPY", "SMART", "USD");
            rig.sim.account().setPosition("DU1234567", spy, new BigDecimal("7"), 500.0);
            rig.sim.account().addOpenOrder(601, 7, "DU1234567", spy, "SELL", new BigDecimal("3"), "LMT", 510.0);
            rig.monitor.forceStrategyC("check the account");
            rig.monitor.resume(); // a fresh validation: the engine reloads the account from the gateway

            MonitorStatus status =
                    rig.awaitStatus(s -> s.openOrders() == 1 && s.positionsOpen() == 1, Duration.ofSeconds(30));
            assertThat(status.openOrders()).isEqualTo(1);
            assertThat(status.positionsOpen()).isEqualTo(1);
            // The position that appeared while the bot was not looking: a WARNING and a line in history.
            assertThat(status.recentDecisions()).anyMatch(d -> d.decision().equals("ACCOUNT_DIFFERENCE"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rig.alerts.sent.stream()
                            .anyMatch(a -> a.severity() == AlertSeverity.WARNING
                                    && a.title().startsWith("Account changed")));
        }
    }

    @Test
    void restartStormLatchesStrategyC() throws Exception { // EC-10
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s.withAutoResume(true), 60_000, 2_000)) {
            rig.startMonitor();
            for (int i = 0; i < 4; i++) {
                rig.awaitStatus(
                        s -> s.phase() != MonitorPhase.RECOVERING && s.gatewayConnected(), Duration.ofSeconds(20));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> rig.engine.status().gatewayConnected());
                rig.sim.setMode(SimMode.DROP_ALL);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> !rig.engine.status().gatewayConnected());
                rig.awaitStatus(s -> !s.gatewayConnected() || s.latched(), Duration.ofSeconds(5));
            }
            MonitorStatus latched = rig.awaitStatus(
                    s -> s.latched() && s.phase() == MonitorPhase.AWAITING_RESUME, Duration.ofSeconds(20));
            assertThat(latched.strategyActive()).isEqualTo("C");
            assertThat(rig.engine.submitOrder(BUY).accepted())
                    .as("latched C holds after re-validation")
                    .isFalse();
            assertThat(rig.alerts.sent)
                    .filteredOn(a -> a.title().contains("Restart storm"))
                    .hasSize(1);

            rig.monitor.resume();
            // Resume re-validates, then the owner re-arms: trading is back once the engine's gate is open again.
            rig.awaitStatus(
                    s -> s.phase() == MonitorPhase.MONITORING && "A".equals(s.strategyActive()),
                    Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rig.engine.status().orderGateOpen());
            assertThat(rig.engine.submitOrder(BUY).accepted()).isTrue();
        }
    }

    @Test
    void halfOpenSocketIsDetectedByTheHeartbeatAndReachesTheMonitor() throws Exception { // EC-18
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s, 200, 300)) {
            rig.startMonitor();
            rig.awaitStatus(
                    s -> s.lastBotPingEpochMillis() > 0 && s.lastGatewayCheckEpochMillis() > 0, Duration.ofSeconds(10));
            rig.sim.setMode(SimMode.HALF_OPEN);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !rig.engine.status().orderGateOpen());
            MonitorStatus status = rig.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(5));
            // The engine's heartbeat closed the gate; the owner hears of it by the engine's signal or, when its
            // engine watch looks first, by that watch: either way Strategy C is decided.
            assertThat(status.recentDecisions())
                    .filteredOn(d -> d.decision().equals("ENTER_STRATEGY_C"))
                    .first()
                    .satisfies(
                            d -> assertThat(d.trigger()).matches("HEARTBEAT_TIMEOUT.*|engine reports disconnected.*"));
        }
    }

    @Test
    void connectivityLostWithTheSocketUpThenRestored() throws Exception { // EC-19
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s.withAutoResume(true), 60_000, 2_000)) {
            rig.startMonitor();
            rig.sim.setMode(SimMode.CONNECTIVITY_LOST);
            MonitorStatus lost = rig.awaitStatus(s -> s.phase() == MonitorPhase.RECOVERING, Duration.ofSeconds(30));
            assertThat(lost.recentDecisions())
                    .filteredOn(d -> d.decision().equals("ENTER_STRATEGY_C"))
                    .first()
                    .satisfies(d -> assertThat(d.trigger()).contains("CONNECTIVITY_LOST"));
            assertThat(rig.engine.submitOrder(BUY).accepted()).isFalse();
            // The monitor keeps trying while connectivity is lost: after two more reconnection attempts it is
            // still recovering, with the gate closed.
            int attemptsSoFar = lost.reconnectAttempt();
            MonitorStatus stillLost = await().atMost(Duration.ofSeconds(60))
                    .until(
                            rig.monitor::status,
                            s -> s.reconnectAttempt() >= attemptsSoFar + 2 || s.phase() != MonitorPhase.RECOVERING);
            assertThat(stillLost.phase())
                    .as("no resume while 1100 is not restored")
                    .isEqualTo(MonitorPhase.RECOVERING);
            assertThat(rig.engine.submitOrder(BUY).accepted()).isFalse();

            rig.sim.setMode(SimMode.RESTORED, Map.of("dataLost", "false"));
            rig.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofSeconds(10));
            // The restore notice may reach the engine after the owner re-armed (a new epoch closes the gate); the
            // engine watch then sees the closed gate and the owner re-validates and re-arms by itself.
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> rig.engine.status().orderGateOpen());
            assertThat(rig.engine.submitOrder(BUY).accepted()).isTrue();
        }
    }

    @Test
    void stoppedTradingWorkerIsReportedDown() throws Exception { // EC-28
        try (LiveMonitorRig rig = new LiveMonitorRig(s -> s, 60_000, 2_000)) {
            rig.startMonitor();
            rig.awaitStatus(s -> s.lastBotPingEpochMillis() > 0, Duration.ofSeconds(10));
            rig.botFactory.shutdownNow();
            rig.botFactory.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            MonitorStatus down = rig.awaitStatus(s -> !s.botWorkerAlive(), Duration.ofSeconds(10));
            assertThat(down.lastError()).contains("bot worker down");
            // The alert is an activity the monitor schedules after recording the state: wait for it, don't race it.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rig.alerts.sent.stream()
                            .anyMatch(a ->
                                    a.title().equals("Bot worker down") && a.severity() == AlertSeverity.CRITICAL));
            assertThat(down.phase())
                    .as("a dead worker alone is no gateway drop")
                    .isEqualTo(MonitorPhase.MONITORING);
        }
    }
}
