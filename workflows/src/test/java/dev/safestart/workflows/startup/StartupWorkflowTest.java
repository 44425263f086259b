package dev.safestart.workflows.startup;

import static dev.safestart.workflows.model.GatewayState.API_NOT_READY;
import static dev.safestart.workflows.model.GatewayState.NOT_AUTHENTICATED;
import static dev.safestart.workflows.model.GatewayState.PORT_CLOSED;
import static dev.safestart.workflows.model.GatewayState.READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.safestart.workflows.SafestartSearchAttributes;
import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.AttemptRecord;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupProgress;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The startup workflow on Temporal's time-skipping test environment with in-test activities. */
@Timeout(60)
class StartupWorkflowTest {

    private static long offsetSeconds(StartupResult r, AttemptRecord a) {
        return (a.startedAtEpochMillis() - r.startedAtEpochMillis()) / 1000;
    }

    @Test
    void fullDefaultScheduleRunsInSecondsAndEndsFailedAtTheTimeout() { // EC-01
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(PORT_CLOSED), FixedGameplan.valid("A"))) {
            long wallStart = System.nanoTime();
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;

            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            // 5/10/20/30/30… from t=0: attempts at 0,5,15,35,65,…,275; the wait after 275 is cut at the 300 s limit.
            assertThat(r.attempts())
                    .extracting(a -> offsetSeconds(r, a))
                    .containsExactly(0L, 5L, 15L, 35L, 65L, 95L, 125L, 155L, 185L, 215L, 245L, 275L);
            assertThat((r.endedAtEpochMillis() - r.startedAtEpochMillis()) / 1000)
                    .isEqualTo(300);
            assertThat(r.attempts())
                    .allMatch(a -> a.state() == PORT_CLOSED && a.step().equals("probePort") && a.maxAttempts() == 30);
            assertThat(r.reason()).contains("12 of 30 attempts", "300 s", "is the IB Gateway running");
            assertThat(h.gateway.validateAuthCalls.get()).isZero();
            assertThat(h.engine.inits).isEmpty();
            assertThat(wallMillis)
                    .as("time skipping: 300 s of schedule in seconds")
                    .isLessThan(20_000);
        }
    }

    @Test
    void allThirtyAttemptsWithBackoffDoublingToTheCap() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(API_NOT_READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.startupTimeoutSeconds(3_600);
            StartupResult r = h.run("bot1", s.build());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.attempts()).hasSize(30);
            assertThat(r.attempts())
                    .extracting(AttemptRecord::attempt)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 30)
                            .boxed()
                            .toList());
            List<Long> gaps = new java.util.ArrayList<>();
            for (int i = 1; i < r.attempts().size(); i++) {
                gaps.add(offsetSeconds(r, r.attempts().get(i))
                        - offsetSeconds(r, r.attempts().get(i - 1)));
            }
            assertThat(gaps.subList(0, 4)).containsExactly(5L, 10L, 20L, 30L);
            assertThat(gaps.subList(4, gaps.size())).containsOnly(30L);
            assertThat(r.attempts()).allMatch(a -> a.step().equals("validateAuth") && a.state() == API_NOT_READY);
            assertThat(r.reason()).contains("30 of 30 attempts", "never answered the handshake");
            // The watch ran during every one of the 29 waits.
            assertThat(h.gateway.watchCalls.get()).isEqualTo(29);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void gatewayReadyAtAttemptKGivesValidatedAfterExactlyKAttempts(int k) { // EC-15 (k = 1)
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.readyAtAttempt(k, NOT_AUTHENTICATED), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.activeStrategy()).isEqualTo("A");
            assertThat(r.gatewayState()).isEqualTo(READY);
            assertThat(r.attempts()).hasSize(k);
            assertThat(r.attempts().get(k - 1).state()).isEqualTo(READY);
            assertThat(r.attempts().subList(0, k - 1)).allMatch(a -> a.state() == NOT_AUTHENTICATED);
            assertThat(h.gateway.probePortCalls.get()).isEqualTo(k);
            // Probes with PROBE_CLIENT_ID, the engine with the trading CLIENT_ID, once.
            assertThat(h.gateway.targets).allMatch(t -> t.probeClientId() == 100);
            assertThat(h.engine.inits).hasSize(1);
            assertThat(h.engine.inits.get(0).clientId()).isEqualTo(1);
            assertThat(h.engine.inits.get(0).dryRun()).isTrue();
            assertThat(h.engine.activations).extracting(GameplanCheck::strategy).containsExactly("A");
            assertThat(h.alerts.ofSeverity(AlertSeverity.INFO)).hasSize(1);
        }
    }

    @Test
    void watchSeeingReadyStartsTheNextAttemptAtOnceInsteadOfAfterTheBackoff() {
        ScriptedGateway gateway = ScriptedGateway.always(API_NOT_READY);
        gateway.watchSeesReadyAfterAttempt = 2;
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("B"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).hasSize(3);
            // Attempt 3 follows attempt 2 (t=5 s) at once, not after the 10 s backoff (t=15 s).
            assertThat(offsetSeconds(r, r.attempts().get(2))).isEqualTo(5);
        }
    }

    @Test
    void aWatchThatSeesNothingEndsWithTheBackoffAndTheNextAttemptFollows() {
        ScriptedGateway gateway = ScriptedGateway.readyAtAttempt(2, API_NOT_READY);
        gateway.watchBlocks = true;
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(1);
            StartupResult r = h.run("bot1", s.build());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).hasSize(2);
            long gap = r.attempts().get(1).startedAtEpochMillis()
                    - r.attempts().get(0).startedAtEpochMillis();
            assertThat(gap).isBetween(1_000L, 1_000L + StartupWorkflowImpl.WATCH_GRACE_MILLIS);
            assertThat(gateway.watchCalls.get()).isEqualTo(1);
            assertThat(gateway.watchCancelled).isFalse();
        }
    }

    @Test
    void aHangingWatchIsCancelledAndItsCancellationAwaitedBeforeTheNextAttempt() {
        ScriptedGateway gateway = ScriptedGateway.readyAtAttempt(2, API_NOT_READY);
        gateway.watchHangs = true;
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(1);
            StartupResult r = h.run("bot1", s.build());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).hasSize(2);
            // WAIT_CANCELLATION_COMPLETED: attempt 2 starts only after the watch acknowledged its cancellation.
            assertThat(gateway.watchCancelled).isTrue();
            long gap = r.attempts().get(1).startedAtEpochMillis()
                    - r.attempts().get(0).startedAtEpochMillis();
            assertThat(gap).isGreaterThanOrEqualTo(1_000L + StartupWorkflowImpl.WATCH_GRACE_MILLIS);
        }
    }

    @Test
    void anInfrastructureFailureIsRetriedByTheActivityPolicyWithinTheSameAttempt() {
        ScriptedGateway gateway = ScriptedGateway.always(READY);
        gateway.validateAuthFailures.set(2);
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(READY));
            assertThat(gateway.validateAuthCalls.get()).isEqualTo(3);
        }
    }

    @Test
    void anAttemptWhoseActivityKeepsFailingIsRecordedAndTheLoopGoesOn() {
        ScriptedGateway gateway = ScriptedGateway.always(READY);
        gateway.validateAuthFailures.set(3); // exhausts validateAuth's 3 tries in attempt 1
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).hasSize(2);
            assertThat(r.attempts().get(0).state()).isEqualTo(GatewayState.UNKNOWN);
            assertThat(r.attempts().get(0).detail()).contains("validateAuth did not complete", "network namespace");
            assertThat(r.attempts().get(1).state()).isEqualTo(READY);
        }
    }

    static Stream<Arguments> gameplanDefects() {
        return Stream.of(
                Arguments.of("file", "missing: /data/gameplan.json does not exist"),
                Arguments.of("file", "malformed JSON at line 1, column 9"),
                Arguments.of("date", "2026-02-09 is not today (2026-02-10, America/New_York)"),
                Arguments.of("strategy", "'D' unknown: expected A, B or C"),
                Arguments.of("symbols", "empty: at least one ticker required"),
                Arguments.of("hard_limits.max_daily_loss_pct", "0.9 out of range (0, 0.5]"),
                Arguments.of("hard_limits.max_single_position", "0 out of range [1, 1000000]"));
    }

    @ParameterizedTest
    @MethodSource("gameplanDefects")
    void eachGameplanDefectGivesStrategyCWithItsReason(String field, String reason) { // EC-11, EC-12
        try (StartupHarness h = new StartupHarness(
                ScriptedGateway.always(READY), new FixedGameplan(GameplanCheck.rejected(field, reason)))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
            assertThat(r.activeStrategy()).isEqualTo("C");
            assertThat(r.reason()).contains(field + ": " + reason);
            assertThat(h.engine.activations).isEmpty();
            assertThat(h.engine.strategyCReasons).singleElement().asString().contains(reason);
            List<Alert> warnings = h.alerts.ofSeverity(AlertSeverity.WARNING);
            assertThat(warnings)
                    .singleElement()
                    .satisfies(a -> assertThat(a.description()).contains(reason));
        }
    }

    @Test
    void aValidGameplanSelectingStrategyCEndsInStrategyC() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("C"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
            assertThat(r.reason()).contains("selects Strategy C");
            assertThat(h.engine.activations).isEmpty();
        }
    }

    @Test
    void theGameplanIsCheckedAgainstTodayInTheMarketZone() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.marketZone("Asia/Tokyo");
            s.gameplanPath("/plans/today.json");
            // Read the clock before the run: once nothing is pending, the test server may skip time far ahead.
            String expected = Instant.ofEpochMilli(h.env.currentTimeMillis())
                    .atZone(ZoneId.of("Asia/Tokyo"))
                    .toLocalDate()
                    .toString();
            h.run("bot1", s.build());
            assertThat(h.gameplan.requests).singleElement().satisfies(req -> {
                assertThat(req.today()).isEqualTo(expected);
                assertThat(req.path()).isEqualTo("/plans/today.json");
                assertThat(req.marketZone()).isEqualTo("Asia/Tokyo");
            });
        }
    }

    @Test
    void engineRefusingThePlanFallsBackToStrategyC() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.engine.refuseActivation = "session not validated";
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
            assertThat(r.reason()).contains("engine refused", "session not validated");
        }
    }

    @Test
    void tradingSessionThatCannotBeOpenedFailsTheStartup() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.engine.refuseInit = "client id 1 already in use";
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).contains("trading session", "CLIENT_ID 1", "client id 1 already in use");
            assertThat(h.engine.inits).hasSize(3); // the engine activity's own retry policy, then give up
            assertThat(h.gameplan.requests).isEmpty();
            assertThat(h.alerts.ofSeverity(AlertSeverity.CRITICAL)).hasSize(1);
        }
    }

    static Stream<Arguments> refusedSettings() {
        return Stream.of(
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.probeClientId(1), "PROBE_CLIENT_ID"),
                Arguments.of(
                        (Consumer<StartupSettings.Builder>) s -> {
                            s.clientId(102);
                            s.probeClientId(100);
                        },
                        "CLIENT_ID 102 collides with the readiness check's probe ids PROBE_CLIENT_ID 100..102"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gatewayPort(4001), "live-trading port"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gatewayPort(7496), "live-trading port"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gatewayPort(4003), "live-trading port"),
                Arguments.of(
                        (Consumer<StartupSettings.Builder>) s -> {
                            s.gatewayPort(4001);
                            s.tradingMode("live");
                        },
                        "ALLOW_LIVE"),
                Arguments.of(
                        (Consumer<StartupSettings.Builder>) s -> {
                            s.gatewayPort(4001);
                            s.allowLive(true);
                        },
                        "live-trading port"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.tradingMode("yolo"), "TRADING_MODE"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gatewayPort(0), "GATEWAY_PORT 0"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gatewayPort(70_000), "GATEWAY_PORT 70000"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gatewayHost("http://gw:4002"), "GATEWAY_HOST"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gatewayHost(""), "GATEWAY_HOST missing"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.maxRetries(0), "GATEWAY_MAX_RETRIES"),
                Arguments.of(
                        (Consumer<StartupSettings.Builder>) s -> s.startupTimeoutSeconds(-5),
                        "GATEWAY_STARTUP_TIMEOUT"),
                Arguments.of(
                        (Consumer<StartupSettings.Builder>) s -> s.retryIntervalSeconds(0), "GATEWAY_RETRY_INTERVAL"),
                Arguments.of(
                        (Consumer<StartupSettings.Builder>) s -> s.handshakeTimeoutSeconds(0),
                        "GATEWAY_HANDSHAKE_TIMEOUT"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.gameplanPath(null), "GAMEPLAN_PATH missing"),
                Arguments.of((Consumer<StartupSettings.Builder>) s -> s.marketZone("Mars/Olympus"), "time zone"));
    }

    @ParameterizedTest
    @MethodSource("refusedSettings")
    void refusedSettingsFailAtOnceWithoutAnyProbe(
            Consumer<StartupSettings.Builder> change, String named) { // EC-06, EC-14
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            change.accept(s);
            StartupResult r = h.run("bot1", s.build());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).startsWith("configuration refused: ").contains(named);
            assertThat(r.attempts()).isEmpty();
            assertThat(h.gateway.probePortCalls.get()).isZero();
            assertThat(h.engine.inits).isEmpty();
            assertThat(r.endedAtEpochMillis() - r.startedAtEpochMillis())
                    .as("no backoff waited")
                    .isLessThan(1_000);
            assertThat(h.alerts.ofSeverity(AlertSeverity.CRITICAL))
                    .singleElement()
                    .satisfies(a -> assertThat(a.description()).contains(named, "Fix the named setting"));
        }
    }

    @Test
    void liveIsAllowedOnlyWithTradingModeLiveAndAllowLive() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.gatewayPort(4001);
            s.tradingMode("live");
            s.allowLive(true);
            h.gateway.accounts = List.of("U7654321"); // live mode needs live accounts too
            StartupResult r = h.run("bot1", s.build());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(h.gateway.targets).allMatch(t -> t.port() == 4001);
        }
    }

    @Test
    void alertsAtAttemptThreeAndTenExactlyOnceEachAndCriticalOnFailure() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.always(NOT_AUTHENTICATED), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.startupTimeoutSeconds(3_600);
            StartupResult r = h.run("bot7", s.build());
            assertThat(r.attempts()).hasSize(30);

            List<Alert> sent = List.copyOf(h.alerts.sent);
            assertThat(sent)
                    .extracting(Alert::severity)
                    .containsExactly(AlertSeverity.WARNING, AlertSeverity.ERROR, AlertSeverity.CRITICAL);
            assertThat(sent.get(0).attempt()).isEqualTo(3);
            assertThat(sent.get(1).attempt()).isEqualTo(10);
            assertThat(sent)
                    .extracting(Alert::alertId)
                    .doesNotHaveDuplicates()
                    .allMatch(id -> id.startsWith("startup-bot7/"));
            assertThat(sent.get(0).alertId()).endsWith("/attempt-3");
            assertThat(sent.get(2).alertId()).endsWith("/failed");
            for (Alert a : sent) {
                assertThat(a.botId()).isEqualTo("bot7");
                assertThat(a.gateway()).isEqualTo("gateway:4002");
                assertThat(a.workflowId()).isEqualTo("startup-bot7");
                assertThat(a.maxAttempts()).isEqualTo(30);
                assertThat(a.state()).isEqualTo("NOT_AUTHENTICATED");
            }
            assertThat(sent.get(1).elapsedSeconds()).isEqualTo(5 + 10 + 20 + 30 * 6);
            assertThat(sent.get(2).description()).contains("check credentials", "safestart start bot7");
        }
    }

    @Test
    void onlyAValidatedStartupHandsOverToTheRuntimeMonitor() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.readyAtAttempt(2, PORT_CLOSED), FixedGameplan.valid("B"))) {
            assertThat(h.run("bot1", StartupSettings.defaults()).outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(h.monitors.started).containsExactly("bot1/B");
        }
        try (StartupHarness h = new StartupHarness(
                ScriptedGateway.readyAtAttempt(1, PORT_CLOSED),
                new FixedGameplan(GameplanCheck.rejected("date", "2026-02-09 is not today")))) {
            assertThat(h.run("bot2", StartupSettings.defaults()).outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
            assertThat(h.monitors.started)
                    .as("the owner learns of the validated engine; nothing to arm")
                    .containsExactly("bot2/rejected");
        }
    }

    @Test
    void theStartupReportsToTheOwnerAndArmsNothingItself() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.monitors.hold = "OPERATOR (FOMC)";
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
            assertThat(r.activeStrategy()).isEqualTo("C");
            assertThat(r.reason()).contains("held: OPERATOR (FOMC)");
            assertThat(h.engine.activations).as("a hold is never armed past").isEmpty();
            assertThat(h.monitors.reports).singleElement().satisfies(report -> {
                assertThat(report.startupWorkflowId()).isEqualTo("startup-bot1");
                assertThat(report.plan().strategy()).isEqualTo("A");
            });
        }
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.monitors.refuse = true;
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).contains("two live engines");
            assertThat(h.engine.activations).isEmpty();
        }
    }

    @Test
    void aRejectedAlertNeverFailsTheStartup() { // EC-13
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.readyAtAttempt(4, PORT_CLOSED), FixedGameplan.valid("A"))) {
            h.alerts.reject = true;
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            // WARNING at attempt 3 and INFO validated, each tried once (non-retryable rejection).
            assertThat(h.alerts.sent)
                    .extracting(Alert::severity)
                    .containsExactly(AlertSeverity.WARNING, AlertSeverity.INFO);
        }
    }

    @Test
    void discordDownDelaysTheResultByAtMostTheAlertBudget() { // EC-13
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.alerts.discordDown = true;
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(h.alerts.sent.size()).as("retried").isGreaterThan(1);
            assertThat(r.endedAtEpochMillis() - r.startedAtEpochMillis())
                    .isLessThanOrEqualTo(StartupActivityOptions.ALERT_BUDGET.toMillis() + 5_000);
        }
    }

    @Test
    void searchAttributesAndMemoDescribeTheOutcome() {
        try (StartupHarness h = new StartupHarness(
                ScriptedGateway.readyAtAttempt(2, API_NOT_READY),
                new FixedGameplan(GameplanCheck.rejected("date", "2026-02-09 is not today")))) {
            StartupResult r = h.run("bot9", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);

            WorkflowExecutionDescription d =
                    h.client.newUntypedWorkflowStub("startup-bot9").describe();
            SearchAttributes sa = d.getTypedSearchAttributes();
            assertThat(sa.get(SafestartSearchAttributes.BOT_ID)).isEqualTo("bot9");
            assertThat(sa.get(SafestartSearchAttributes.STARTUP_OUTCOME)).isEqualTo("STRATEGY_C");
            assertThat(sa.get(SafestartSearchAttributes.GATEWAY_STATE)).isEqualTo("READY");
            assertThat(sa.get(SafestartSearchAttributes.ACTIVE_STRATEGY)).isEqualTo("C");
            assertThat((String) d.getMemo(SafestartSearchAttributes.MEMO_SUMMARY, String.class))
                    .startsWith("STRATEGY_C after 2 attempt(s)")
                    .contains("date: 2026-02-09 is not today");
        }
    }

    @Test
    void progressQueryShowsAttemptsAndTheOutcome() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.readyAtAttempt(3, PORT_CLOSED), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            StartupProgress p = h.client
                    .newWorkflowStub(StartupWorkflow.class, "startup-bot1")
                    .progress();
            assertThat(p.botId()).isEqualTo("bot1");
            assertThat(p.phase()).isEqualTo(StartupWorkflowImpl.PHASE_DONE);
            assertThat(p.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(p.attempt()).isEqualTo(3);
            assertThat(p.maxAttempts()).isEqualTo(30);
            assertThat(p.lastState()).isEqualTo(READY);
            assertThat(p.attempts()).isEqualTo(r.attempts());
        }
    }

    @Test
    void progressWhileWaitingShowsTheNextRetry() throws Exception {
        ScriptedGateway gateway = ScriptedGateway.always(PORT_CLOSED);
        gateway.watchBlocks = true;
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(30);
            s.maxRetries(2);
            StartupWorkflow wf = h.stub("bot1");
            WorkflowClient.start(wf::start, new StartupRequest("bot1", s.build()));
            StartupProgress p = await().atMost(Duration.ofSeconds(30))
                    .until(wf::progress, q -> q.phase().equals(StartupWorkflowImpl.PHASE_WAITING));
            assertThat(p.attempt()).isEqualTo(1);
            assertThat(p.lastState()).isEqualTo(PORT_CLOSED);
            assertThat(p.nextRetryAtEpochMillis() - p.attempts().get(0).startedAtEpochMillis())
                    .isBetween(30_000L, 31_000L);
            WorkflowStub.fromTyped(wf).terminate("test done");
        }
    }

    @Test
    void ec16_secondStartOfTheSameBotWhileRunningIsRejected() {
        ScriptedGateway gateway = ScriptedGateway.always(API_NOT_READY);
        gateway.watchBlocks = true;
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupWorkflow first = h.stub("twin");
            WorkflowClient.start(first::start, new StartupRequest("twin", StartupSettings.defaults()));
            StartupWorkflow second = h.stub("twin");
            assertThatThrownBy(() ->
                            WorkflowClient.start(second::start, new StartupRequest("twin", StartupSettings.defaults())))
                    .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
            WorkflowStub.fromTyped(first).terminate("test done");
        }
    }

    @Test
    void ec01_gatewayNeverStartedEndsFailed() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(PORT_CLOSED), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.gatewayState()).isEqualTo(PORT_CLOSED);
            assertThat(h.engine.inits).isEmpty();
        }
    }

    @Test
    void ec02_stillAuthenticatingEventuallyValidated() {
        try (StartupHarness h = new StartupHarness(
                new ScriptedGateway(API_NOT_READY, API_NOT_READY, NOT_AUTHENTICATED, NOT_AUTHENTICATED, READY),
                FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts())
                    .extracting(AttemptRecord::state)
                    .containsExactly(API_NOT_READY, API_NOT_READY, NOT_AUTHENTICATED, NOT_AUTHENTICATED, READY);
        }
    }

    @Test
    void ec03_badCredentialsEndFailedSayingCheckCredentials() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.always(NOT_AUTHENTICATED), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).contains("check credentials");
        }
    }

    @Test
    void ec04_gatewayDyingMidStartupEndsFailedWithItsLastState() {
        try (StartupHarness h = new StartupHarness(
                new ScriptedGateway(API_NOT_READY, NOT_AUTHENTICATED, PORT_CLOSED), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.attempts())
                    .extracting(AttemptRecord::state)
                    .startsWith(API_NOT_READY, NOT_AUTHENTICATED, PORT_CLOSED);
            assertThat(r.gatewayState()).isEqualTo(PORT_CLOSED);
        }
    }

    @Test
    void ec05_unreachableGatewayEndsFailedNamingTheNetwork() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.always(GatewayState.UNREACHABLE), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).contains("unreachable", "GATEWAY_HOST");
        }
    }

    @Test
    void ec06_invalidHostOrPortIsRefusedWithoutRetrying() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.gatewayHost("gate way;rm -rf");
            StartupResult r = h.run("bot1", s.build());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).contains("GATEWAY_HOST");
            assertThat(h.gateway.probePortCalls.get()).isZero();
        }
    }

    @Test
    void ec14_requiredConfigurationMissingIsRefused() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupResult noSettings = h.run("bot1", null);
            assertThat(noSettings.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(noSettings.reason()).contains("settings missing");
        }
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupResult noBot = h.stub("x").start(new StartupRequest(" ", StartupSettings.defaults()));
            assertThat(noBot.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(noBot.reason()).contains("botId");
            assertThat(h.gateway.probePortCalls.get()).isZero();
        }
    }

    @Test
    void ec15_gatewayAlreadyUpValidatesAtTheFirstAttempt() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).singleElement().satisfies(a -> {
                assertThat(a.attempt()).isEqualTo(1);
                assertThat(a.step()).isEqualTo("validateAuth");
                assertThat(a.state()).isEqualTo(READY);
            });
            assertThat(h.gateway.watchCalls.get()).isZero();
        }
    }
}
