package dev.safestart.workflows.monitor;

import static org.awaitility.Awaitility.await;

import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertSeverity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** A time-skipping Temporal test environment with a monitor worker and (optionally) a bot worker. */
final class MonitorTestHarness implements AutoCloseable {
    static final String BOT_QUEUE = "bot-q";
    final TestWorkflowEnvironment env;
    final FakeTradingActivities trading;
    final FakeGatewayCheck gateway = new FakeGatewayCheck();
    final RecordingAlerts alerts = new RecordingAlerts();
    final FakeGameplanAndModules startupActivities;
    final MonitorSettings settings;
    RuntimeMonitorWorkflow monitor;
    WorkflowStub untyped;

    MonitorTestHarness(MonitorSettings settings, boolean botWorkerRunning, Instant start) {
        this.settings = settings;
        this.trading = new FakeTradingActivities("A");
        this.startupActivities = new FakeGameplanAndModules(trading);
        TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder();
        if (start != null) {
            options.setInitialTimeMillis(start.toEpochMilli());
        }
        env = TestWorkflowEnvironment.newInstance(options.build());
        env.registerSearchAttribute("ActiveStrategy", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        env.registerSearchAttribute("GatewayState", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        env.registerSearchAttribute("BotId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        Worker monitorWorker = env.newWorker(settings.monitorTaskQueue());
        monitorWorker.registerWorkflowImplementationTypes(RuntimeMonitorWorkflowImpl.class);
        monitorWorker.registerActivitiesImplementations(gateway, alerts);
        if (botWorkerRunning) {
            env.newWorker(BOT_QUEUE).registerActivitiesImplementations(trading, startupActivities);
        }
        trading.clock = env::currentTimeMillis;
        gateway.clock = env::currentTimeMillis;
        env.start();
    }

    static MonitorSettings settings() {
        return MonitorSettings.defaults("bot1", "127.0.0.1", 4002, BOT_QUEUE);
    }

    /** A 1 s interval and handshake: the gateway watch's shortest heartbeat timeout, 1 + 1 + 30 s. */
    static MonitorSettings shortestGatewayWatchTimeout() {
        return settings().withTiming(1, 2, 5, 60, 1);
    }

    /** The running gateway watch goes silent as if its worker died; returns once the monitor started the next one. */
    void loseGatewayWatch() {
        gateway.loseRunningWatch.set(true);
        awaitTrue(() -> gateway.lostWatch.get() > 0, Duration.ofSeconds(30));
        // The server times the silent watch out; the watch after it is the monitor's answer to that.
        awaitTrue(() -> gateway.watches.get() > gateway.lostWatch.get(), Duration.ofMinutes(2));
    }

    /**
     * Armed, the running engine watch goes silent as if its worker died, and while it is silent the owner's own
     * effects change the engine (the operator's C, then a resume that re-validates and re-arms); returns once the
     * monitor started the watch after the silent one. A 10 s interval: the watch's heartbeat timeout is 20 s, time
     * enough for the two commands.
     */
    void loseEngineWatchWhileTheEngineChanges() {
        awaitStatus(s -> s.lastBotPingEpochMillis() > 0, Duration.ofSeconds(30));
        trading.loseRunningWatch.set(true);
        awaitTrue(() -> trading.lostWatch.get() > 0, Duration.ofSeconds(30));
        if (!monitor.forceStrategyC("maintenance").confirmed()
                || !monitor.resume().confirmed()) {
            throw new AssertionError("the operator's C and resume were not confirmed: " + status());
        }
        awaitStatus(s -> s.state() == OwnerState.ARMED, Duration.ofSeconds(30));
        awaitTrue(() -> trading.watches.get() > trading.lostWatch.get(), Duration.ofMinutes(1));
    }

    static MonitorSettings tenSecondInterval() {
        return settings().withTiming(10, 2, 5, 60, 5);
    }

    RuntimeMonitorWorkflow start() {
        WorkflowClient client = env.getWorkflowClient();
        monitor = client.newWorkflowStub(
                RuntimeMonitorWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(RuntimeMonitorWorkflow.workflowId(settings.botId()))
                        .setTaskQueue(settings.monitorTaskQueue())
                        .build());
        WorkflowClient.start(monitor::run, new MonitorRequest(settings, "C", null));
        untyped = WorkflowStub.fromTyped(monitor);
        return monitor;
    }

    /** Starts the monitor and reports a startup's validation of the fake engine with gameplan A. */
    OwnerDecision startValidated() {
        start();
        return report("A");
    }

    OwnerDecision report(String strategy) {
        return monitor.reportValidation(new ValidationReport(
                settings.botId(),
                "startup-" + settings.botId(),
                trading.engineId,
                trading.epoch,
                "",
                plan(strategy),
                env.currentTimeMillis()));
    }

    static dev.safestart.workflows.model.GameplanCheck plan(String strategy) {
        return new dev.safestart.workflows.model.GameplanCheck(
                true, "", "", "2026-02-10", strategy, List.of("SPY"), 0.1, 100);
    }

    MonitorStatus status() {
        return monitor.status();
    }

    /**
     * Waits (in workflow time) in 200 ms steps until the status satisfies the predicate. The monitor's long-lived
     * watches are activities, and the test server does not skip time while an activity runs: time here passes at
     * wall-clock speed, so tests keep their waits short.
     */
    MonitorStatus awaitStatus(Predicate<MonitorStatus> condition, Duration max) {
        long steps = max.toMillis() / 200;
        for (long i = 0; i <= steps; i++) {
            MonitorStatus status = monitor.status();
            if (condition.test(status)) {
                return status;
            }
            env.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("condition not met within " + max + "; last status " + monitor.status());
    }

    /** Skips workflow time in small steps until an activity-side condition holds (activities run asynchronously). */
    void awaitTrue(java.util.function.BooleanSupplier condition, Duration max) {
        long steps = max.toMillis() / 250;
        for (long i = 0; i <= steps; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            env.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("condition not met within " + max + "; strategyC " + trading.strategyC + ", alerts "
                + alerts.sent + ", last status " + monitor.status());
    }

    /**
     * Returns the detection time it signalled. The signal goes first, then the fake engine's state changes (the
     * real engine closes its gate first, but its signal normally beats the engine watch's next look).
     */
    /**
     * The drop as the engine's signal alone reports it: the fake engine shows it only once the monitor's Strategy C
     * reached it, so its engine watch cannot decide first (a race the real system has; the simulator-backed tests
     * accept either path). For tests that check the signal's trigger and timing.
     */
    long signalDropSeenFirstBySignal(ConnectionSignal.Kind kind) {
        long detectedAt = env.currentTimeMillis();
        monitor.connectionEvent(new ConnectionSignal(kind, "test", detectedAt, trading.epoch));
        await().atMost(Duration.ofMinutes(1)).until(() -> !trading.strategyC.isEmpty());
        trading.dropped();
        return detectedAt;
    }

    long signalDrop(ConnectionSignal.Kind kind) {
        long detectedAt = env.currentTimeMillis();
        monitor.connectionEvent(new ConnectionSignal(kind, "test", detectedAt, trading.epoch));
        trading.dropped();
        return detectedAt;
    }

    /** The lengths of every run of {@code workflowId} from {@code firstRunId} on, following continue-as-new. */
    static List<Long> runLengths(WorkflowClient client, String workflowId, String firstRunId) {
        List<Long> lengths = new java.util.ArrayList<>();
        String runId = firstRunId;
        while (runId != null) {
            io.temporal.api.history.v1.History history =
                    client.fetchHistory(workflowId, runId).getHistory();
            lengths.add((long) history.getEventsCount());
            io.temporal.api.history.v1.HistoryEvent last = history.getEvents(history.getEventsCount() - 1);
            runId = last.getEventType()
                            == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                    ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                    : null;
        }
        return lengths;
    }

    List<Alert> alerts(AlertSeverity severity) {
        return alerts.sent.stream().filter(a -> a.severity() == severity).toList();
    }

    @Override
    public void close() {
        env.close();
    }
}
