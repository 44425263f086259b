package dev.safestart.activities.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.safestart.activities.gameplan.GameplanActivitiesImpl;
import dev.safestart.activities.gateway.GatewayActivitiesImpl;
import dev.safestart.activities.modules.ModuleActivitiesImpl;
import dev.safestart.activities.settings.RequestAsWorkerSettings;
import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.TwsBrokerConnection;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.Scenario;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.AttemptRecord;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.startup.StartupWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' edge cases, end to end: the StartupWorkflow on Temporal's test environment with the real
 * activities — gateway probes over real sockets to the simulator, the real trading engine, gameplans from real
 * files. Backoffs are short (1 s doubling to 2 s) because the watch activity waits them out in real time.
 */
@Timeout(120)
class StartupEndToEndTest {
    private static final String QUEUE = "startup-e2e";
    private static final int CLIENT_ID = 1;
    private static final int PROBE_CLIENT_ID = 100;

    @TempDir
    Path dir;

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private GatewaySimulator sim;
    private DefaultTradingEngine engine;
    private final RecordingAlerts alerts = new RecordingAlerts();
    private Path gameplan;

    /** Alert activity that records what the startup sent. */
    static final class RecordingAlerts implements AlertActivities {
        final List<Alert> sent = Collections.synchronizedList(new ArrayList<>());

        @Override
        public AlertReceipt sendAlert(Alert alert) {
            sent.add(alert);
            return new AlertReceipt(alert.alertId(), AlertReceipt.Status.LOGGED_ONLY, 0, "");
        }
    }

    private ArmingOwner monitors;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults());
        engine = new DefaultTradingEngine(TwsBrokerConnection.connector());
        monitors = new ArmingOwner(engine);
        env = TestWorkflowEnvironment.newInstance();
        for (String name : new String[] {"BotId", "StartupOutcome", "GatewayState", "ActiveStrategy"}) {
            env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(
                WorkflowImplementationOptions.newBuilder()
                        .setFailWorkflowExceptionTypes(Throwable.class)
                        .build(),
                StartupWorkflowImpl.class);
        worker.registerActivitiesImplementations(
                GatewayActivitiesImpl.overTws(),
                new ModuleActivitiesImpl(engine),
                new GameplanActivitiesImpl(),
                alerts,
                monitors,
                new RequestAsWorkerSettings());
        client = env.getWorkflowClient();
        env.start();
        gameplan = writePlan("A");
    }

    @AfterEach
    void stop() {
        env.close();
        engine.close();
        sim.close();
    }

    /** Today's gameplan, dated in the market zone from the test environment's clock (what the workflow uses). */
    private Path writePlan(String strategy) throws Exception {
        String today = Instant.ofEpochMilli(env.currentTimeMillis())
                .atZone(ZoneId.of("America/New_York"))
                .toLocalDate()
                .toString();
        return Files.writeString(dir.resolve("gameplan.json"), """
                {"date":"%s","strategy":"%s","symbols":["SPY","QQQ"],
                 "hard_limits":{"max_daily_loss_pct":0.02,"max_single_position":120}}""".formatted(today, strategy));
    }

    private StartupSettings settings(
            String host,
            int port,
            int maxRetries,
            int handshakeSeconds,
            int retrySeconds,
            int capSeconds,
            String gameplanPath) {
        return StartupSettings.builder()
                .gatewayHost(host)
                .gatewayPort(port)
                .clientId(CLIENT_ID)
                .probeClientId(PROBE_CLIENT_ID)
                .startupTimeoutSeconds(120)
                .maxRetries(maxRetries)
                .retryIntervalSeconds(retrySeconds)
                .retryCapSeconds(capSeconds)
                .handshakeTimeoutSeconds(handshakeSeconds)
                .gameplanPath(gameplanPath)
                .build();
    }

    private StartupSettings quick(int maxRetries) {
        return settings(sim.host(), sim.port(), maxRetries, 1, 1, 2, gameplan.toString());
    }

    private StartupWorkflow stub(String botId) {
        return client.newWorkflowStub(
                StartupWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(StartupWorkflow.workflowId(botId))
                        .setTaskQueue(QUEUE)
                        .build());
    }

    private StartupResult run(String botId, StartupSettings s) {
        return stub(botId).start(new StartupRequest(botId, s));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void ec01_gatewayNeverStartedEndsFailedAfterItsAttempts() throws Exception {
        StartupResult r = run("ec01", settings("127.0.0.1", closedPort(), 3, 1, 1, 2, gameplan.toString()));

        assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(r.attempts())
                .hasSize(3)
                .allMatch(a -> a.state() == GatewayState.PORT_CLOSED && a.step().equals("probePort"));
        assertThat(r.reason()).contains("is the IB Gateway running");
        assertThat(engine.status().initialized()).isFalse();
        assertThat(alerts.sent)
                .extracting(Alert::severity)
                .containsExactlyInAnyOrder(AlertSeverity.WARNING, AlertSeverity.CRITICAL);
    }

    @Test
    void ec02_gatewayStillAuthenticatingIsEventuallyValidated() throws Exception {
        sim.play(Scenario.fromJson("""
                {"name":"logging-in","steps":[
                  {"mode":"API_NOT_READY","seconds":1.5},
                  {"mode":"NOT_AUTHENTICATED","seconds":2},
                  {"mode":"READY"}]}"""));
        StartupResult r = run("ec02", quick(20));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(StartupOutcome.VALIDATED);
        assertThat(r.attempts().get(r.attempts().size() - 1).state()).isEqualTo(GatewayState.READY);
        assertThat(r.attempts())
                .extracting(AttemptRecord::state)
                .contains(GatewayState.API_NOT_READY)
                .doesNotContain(GatewayState.CLIENT_ID_IN_USE, GatewayState.CLOSED_BEFORE_READY);
        assertThat(engine.status().strategyActive()).isEqualTo("A");
    }

    @Test
    void ec03_badCredentialsEndFailedSayingCheckCredentials() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED);
        StartupResult r = run("ec03", quick(3));

        assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(r.attempts()).hasSize(3).allMatch(a -> a.state() == GatewayState.NOT_AUTHENTICATED);
        assertThat(r.reason()).contains("check credentials");
        assertThat(engine.status().initialized()).isFalse();
        assertThat(alerts.sent)
                .filteredOn(a -> a.severity() == AlertSeverity.CRITICAL)
                .singleElement()
                .satisfies(a -> assertThat(a.description()).contains("check credentials"));
    }

    @Test
    void ec04_gatewayDyingMidStartupEndsFailedWithThePortClosed() throws Exception {
        sim.play(Scenario.fromJson("""
                {"name":"dies","steps":[
                  {"mode":"NOT_AUTHENTICATED","seconds":1.5},
                  {"mode":"PORT_CLOSED"}]}"""));
        StartupResult r = run("ec04", quick(4));

        assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(r.attempts().get(0).state()).isEqualTo(GatewayState.NOT_AUTHENTICATED);
        assertThat(r.gatewayState()).isEqualTo(GatewayState.PORT_CLOSED);
        assertThat(r.reason()).contains("is the IB Gateway running");
    }

    @Test
    void ec05_unreachableGatewayEndsFailedNamingTheNetwork() {
        StartupResult r = run("ec05", settings("gateway.invalid", 4002, 2, 1, 1, 2, gameplan.toString()));

        assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(r.attempts()).hasSize(2).allMatch(a -> a.state() == GatewayState.UNREACHABLE);
        assertThat(r.reason()).contains("unreachable", "GATEWAY_HOST");
    }

    @Test
    void ec06_invalidHostOrPortIsRefusedWithoutTouchingTheGateway() {
        StartupResult badPort = run("ec06a", settings(sim.host(), 70_000, 30, 1, 1, 2, gameplan.toString()));
        assertThat(badPort.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(badPort.reason()).startsWith("configuration refused: GATEWAY_PORT 70000");
        assertThat(badPort.attempts()).isEmpty();

        StartupResult badHost = run("ec06b", settings("tcp://gw", sim.port(), 30, 1, 1, 2, gameplan.toString()));
        assertThat(badHost.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(badHost.reason()).contains("GATEWAY_HOST");
        assertThat(badHost.attempts()).isEmpty();

        StartupResult live = run("ec06c", settings(sim.host(), 4001, 30, 1, 1, 2, gameplan.toString()));
        assertThat(live.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(live.reason()).contains("live-trading port");
        assertThat(engine.status().initialized()).isFalse();
    }

    @Test
    void ec11_missingGameplanGivesStrategyCWithTheGatewayValidated() {
        StartupResult r = run(
                "ec11",
                settings(
                        sim.host(),
                        sim.port(),
                        3,
                        2,
                        1,
                        2,
                        dir.resolve("none.json").toString()));

        assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
        assertThat(r.gatewayState()).isEqualTo(GatewayState.READY);
        assertThat(r.reason()).contains("file: missing", "none.json");
        assertThat(engine.status().initialized()).isTrue();
        assertThat(engine.status().orderGateOpen()).isFalse();
        assertThat(engine.status().strategyActive()).isEqualTo("C");
        assertThat(monitors.started)
                .as("the owner arms nothing without a valid plan")
                .isEmpty();
    }

    @Test
    void ec12_malformedGameplanGivesStrategyC() throws Exception {
        Files.writeString(gameplan, "{\"date\": \"2026-02-10\", \"strategy\": ");
        StartupResult r = run("ec12", quick(3));

        assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
        assertThat(r.reason()).contains("file: malformed JSON");
        assertThat(engine.status().orderGateOpen()).isFalse();
        assertThat(alerts.sent)
                .filteredOn(a -> a.severity() == AlertSeverity.WARNING)
                .singleElement()
                .satisfies(a -> assertThat(a.description()).contains("malformed JSON"));
    }

    @Test
    void ec14_requiredConfigurationMissingIsRefused() {
        StartupResult r = run("ec14", settings(sim.host(), sim.port(), 3, 1, 1, 2, ""));
        assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(r.reason()).contains("GAMEPLAN_PATH missing");
        assertThat(r.attempts()).isEmpty();

        StartupResult noHost = run("ec14b", settings(null, sim.port(), 3, 1, 1, 2, gameplan.toString()));
        assertThat(noHost.outcome()).isEqualTo(StartupOutcome.FAILED);
        assertThat(noHost.reason()).contains("GATEWAY_HOST missing");
    }

    @Test
    void ec15_botRestartedWithTheGatewayAlreadyUpValidatesAtAttemptOne() throws Exception {
        StartupResult r = run("ec15", quick(30));

        assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
        assertThat(r.activeStrategy()).isEqualTo("A");
        assertThat(r.attempts()).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.state()).isEqualTo(GatewayState.READY);
        });
        // The trading session holds CLIENT_ID; the probe's id was only borrowed.
        assertThat(sim.status().clientIds()).contains(CLIENT_ID);
        assertThat(engine.status().orderGateOpen()).isTrue();
        assertThat(alerts.sent).extracting(Alert::severity).containsExactly(AlertSeverity.INFO);
        assertThat(monitors.started).containsExactly("ec15/A");
    }

    @Test
    void ec16_twoInstancesOfOneBotGiveOneStartup() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED);
        StartupWorkflow first = stub("ec16");
        WorkflowClient.start(first::start, new StartupRequest("ec16", quick(30)));
        StartupWorkflow second = stub("ec16");
        assertThatThrownBy(() -> WorkflowClient.start(second::start, new StartupRequest("ec16", quick(30))))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class);

        sim.setMode(SimMode.READY);
        StartupResult r = WorkflowStub.fromTyped(first).getResult(60, TimeUnit.SECONDS, StartupResult.class);
        assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
        assertThat(sim.status().clientIds()).containsOnlyOnce(CLIENT_ID);
    }

    /**
     * The readiness watch in the whole system: with a 30 s backoff pending, the gateway turning READY is acted on
     * within about a second, not at the next scheduled attempt.
     */
    @Test
    void aGatewayTurningReadyDuringALongBackoffIsValidatedWithinAboutASecond() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED);
        StartupWorkflow wf = stub("lag");
        WorkflowClient.start(
                wf::start,
                new StartupRequest("lag", settings(sim.host(), sim.port(), 5, 1, 30, 30, gameplan.toString())));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "WAITING_TO_RETRY".equals(wf.progress().phase()));
        // The readiness watch of the backoff has looked at the gateway (and found it still not authenticated).
        long before = sim.status().counters().accepted();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> sim.status().counters().accepted() > before);
        assertThat(wf.progress().phase()).isEqualTo("WAITING_TO_RETRY");
        long turnedReady = System.nanoTime();
        sim.setMode(SimMode.READY);
        StartupResult r = WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, StartupResult.class);
        long lagMs = (System.nanoTime() - turnedReady) / 1_000_000;

        assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
        assertThat(r.attempts()).hasSize(2);
        // Long before the 30 s backoff ends: the watch, not the timer, started the next attempt (the lag itself is
        // measured by bench startup).
        assertThat(lagMs)
                .as("ready → VALIDATED took %d ms (backoff was 30 s)", lagMs)
                .isLessThan(15_000);
    }
}
