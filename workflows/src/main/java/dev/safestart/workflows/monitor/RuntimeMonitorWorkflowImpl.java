package dev.safestart.workflows.monitor;

import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.GameplanActivities;
import dev.safestart.workflows.ModuleActivities;
import dev.safestart.workflows.SafestartSearchAttributes;
import dev.safestart.workflows.alerts.AlertPolicy;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GameplanRequest;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.model.ModuleStatus;
import dev.safestart.workflows.monitor.OwnerRules.Effect;
import dev.safestart.workflows.monitor.OwnerRules.Event;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The bot's owner as a workflow: it feeds every signal, Update, watch result and effect result to
 * {@link OwnerRules} one at a time and carries out the effects the rules return. It decides nothing itself.
 *
 * <p>Cost: a healthy bot is watched by two long-lived heartbeating activities that complete only on change (the
 * engine watch on the bot's queue, the independent gateway watch on the monitor's queue), so a quiet day writes a
 * few dozen events instead of a ping and a probe per MONITOR_INTERVAL. Detection stays as fast: the engine's
 * signal for a socket close, the engine watch's heartbeat timeout (2 × MONITOR_INTERVAL) for a dead worker.
 *
 * <p>Upgrade safety: {@link #OWNER_VERSION} at the top of {@link #run} keeps runs recorded before the owner on
 * {@link LegacyRuntimeMonitor} until their next continue-as-new, which hands their state over to the owner.
 */
public class RuntimeMonitorWorkflowImpl implements RuntimeMonitorWorkflow {
    private static final Logger log = Workflow.getLogger(RuntimeMonitorWorkflowImpl.class);
    static final String OWNER_VERSION = "owner-state-machine";
    /** Runs from this version on check a new engine against the validated one and let an arm in flight finish. */
    static final String ENGINE_CHECKS_VERSION = "owner-engine-checks";

    static final String STAY_IN_C_VERSION = "owner-stay-in-c-closes-gate";
    /**
     * Runs from this version on wake the loop when an engine watch's view is dropped as stale, so a new watch starts
     * at once; before it, the monitor could go without an engine watch until some other event arrived.
     */
    static final String REWATCH_VERSION = "owner-rewatch-after-stale-view";
    /**
     * Runs from this version on take a gateway watch that timed out (its worker died or hung) as a lost watch, not as
     * a gateway drop: a new watch looks again. Before it, a worker restart could re-arm the bot and then have the dead
     * worker's watch time out into a false "gateway dropped during trading", Strategy C and a hold until resume.
     */
    static final String GATEWAY_WATCH_LOST_VERSION = "owner-gateway-watch-lost-is-not-a-drop";
    /**
     * Runs from this version on drop an engine watch's failure, like its view, when an effect changed the engine while
     * it ran. Before it, the watch of a worker killed after VALIDATED timed out (2 x MONITOR_INTERVAL: 120 s by
     * default) after its successor had re-armed, and raised a false "Bot worker down".
     */
    static final String STALE_WATCH_FAILURE_VERSION = "owner-stale-engine-watch-failure-dropped";

    static final String METRIC_STATE = "safestart_monitor_state";

    private LegacyRuntimeMonitor legacy;
    private boolean ownerRunning;
    private final List<ConnectionSignal> early = new ArrayList<>();

    private MonitorSettings settings;
    private OwnerRules rules;
    private AlertPolicy alertPolicy;
    private final Deque<Event> events = new ArrayDeque<>();
    private final Deque<CompletablePromise<OperatorReply>> forceWaiters = new ArrayDeque<>();
    private final List<CompletablePromise<OperatorReply>> resumeWaiters = new ArrayList<>();
    private final Deque<CompletablePromise<OwnerDecision>> startupWaiters = new ArrayDeque<>();
    private final Map<String, Alert> unsentAlerts = new LinkedHashMap<>();
    private int effectsInFlight;
    /** Counts effect results from the engine; a watch started before the latest one may report an older view. */
    private long engineGeneration;

    private long alertSequence;
    private long monitoringSince;
    private int run = 1;
    private EngineSnapshot lastEngine;
    private Promise<EngineSnapshot> engineWatch;
    private boolean rewatchAfterStaleView;
    private boolean rewatchLostGatewayWatch;
    private boolean dropStaleWatchFailure;
    private Promise<ProbeOutcome> gatewayWatch;
    private String publishedStrategy;
    private String publishedGateway;
    private OwnerState publishedState;

    private GatewayCheckActivities gatewayCheck;
    private GatewayCheckActivities gatewayWatcher;
    private AlertActivities alerts;

    @Override
    public void run(MonitorRequest request) {
        if (Workflow.getVersion(OWNER_VERSION, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            legacy = new LegacyRuntimeMonitor();
            early.forEach(legacy::connectionEvent);
            early.clear();
            legacy.run(request);
            return;
        }
        settings = request.settings();
        int revision = ruleRevision();
        rewatchAfterStaleView =
                Workflow.getVersion(REWATCH_VERSION, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
        rewatchLostGatewayWatch = Workflow.getVersion(GATEWAY_WATCH_LOST_VERSION, Workflow.DEFAULT_VERSION, 1)
                != Workflow.DEFAULT_VERSION;
        dropStaleWatchFailure = Workflow.getVersion(STALE_WATCH_FAILURE_VERSION, Workflow.DEFAULT_VERSION, 1)
                != Workflow.DEFAULT_VERSION;
        createStubs();
        restore(request, revision);
        ownerRunning = true;
        Workflow.upsertTypedSearchAttributes(SafestartSearchAttributes.BOT_ID.valueSet(settings.botId()));
        publish();
        loop();
    }

    /** The owner rules this run was first recorded with: each revision behind its own version marker. */
    private static int ruleRevision() {
        if (Workflow.getVersion(ENGINE_CHECKS_VERSION, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return OwnerRules.Settings.FIRST;
        }
        if (Workflow.getVersion(STAY_IN_C_VERSION, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return OwnerRules.Settings.ENGINE_CHECKS;
        }
        return OwnerRules.Settings.STAY_IN_C_CLOSES_GATE;
    }

    // ---------------------------------------------------------------- the loop

    private void loop() {
        while (true) {
            ensureWatches();
            long now = Workflow.currentTimeMillis();
            long due = Math.min(rules.nextDueAt(), alertPolicy.nextDigestDue().orElse(Long.MAX_VALUE));
            if (events.isEmpty()) {
                if (due == Long.MAX_VALUE) {
                    Workflow.await(() -> !events.isEmpty() || readyToContinue() || watchMissing());
                } else if (due > now) {
                    Workflow.await(
                            Duration.ofMillis(due - now),
                            () -> !events.isEmpty() || readyToContinue() || watchMissing());
                }
            }
            while (!events.isEmpty()) {
                apply(events.removeFirst());
            }
            if (Workflow.currentTimeMillis() >= rules.nextDueAt()) {
                apply(new OwnerRules.Tick());
            }
            for (AlertPolicy.Digest digest : alertPolicy.flushDigests(Workflow.currentTimeMillis())) {
                send(digest.toAlert(
                        "DISCONNECTED".equals(digest.lastState()) || "DOWN".equals(digest.lastState())
                                ? AlertSeverity.CRITICAL
                                : AlertSeverity.WARNING,
                        settings.botId(),
                        settings.gatewayAddress(),
                        Workflow.getInfo().getWorkflowId(),
                        "Check the gateway and its network; `safestart status " + settings.botId()
                                + "` shows the monitor."));
            }
            publish();
            if (readyToContinue()) {
                // Alerts still in flight are handed over (same ids), never waited for: nothing blocks here.
                log.info(
                        "monitor {} continues as new after {} events",
                        settings.botId(),
                        Workflow.getInfo().getHistoryLength());
                Workflow.continueAsNew(new MonitorRequest(
                        settings,
                        rules.state().strategyActive(),
                        null,
                        new OwnerCarry(
                                rules.state(),
                                alertPolicy.snapshot(),
                                alertSequence,
                                monitoringSince,
                                run + 1,
                                List.copyOf(unsentAlerts.values()),
                                lastEngine,
                                List.of())));
                return;
            }
        }
    }

    /**
     * A watch whose view was dropped as stale, or a gateway watch lost with its worker, leaves no event: the loop must
     * still wake to start the next.
     */
    private boolean watchMissing() {
        return (rewatchAfterStaleView && engineWatch == null) || (rewatchLostGatewayWatch && gatewayWatch == null);
    }

    private boolean readyToContinue() {
        return events.isEmpty()
                && effectsInFlight == 0
                && Workflow.isEveryHandlerFinished()
                && (Workflow.getInfo().getHistoryLength() >= settings.continueAsNewAfterEvents()
                        || Workflow.getInfo().isContinueAsNewSuggested());
    }

    private void apply(Event event) {
        for (Effect effect : rules.on(event, Workflow.currentTimeMillis())) {
            execute(effect);
        }
    }

    // ---------------------------------------------------------------- signals, Updates, query

    @Override
    public void connectionEvent(ConnectionSignal signal) {
        if (legacy != null) {
            legacy.connectionEvent(signal);
        } else if (signal == null || signal.kind() == null) {
            return;
        } else if (!ownerRunning) {
            early.add(signal);
        } else {
            events.add(new OwnerRules.Connection(signal));
        }
    }

    @Override
    public void engineStarted(EngineSnapshot engine) {
        if (legacy == null && engine != null) {
            events.add(new OwnerRules.EngineAnnounced(engine));
        }
    }

    @Override
    public OperatorReply forceStrategyC(String reason) {
        Workflow.await(() -> legacy != null || ownerRunning);
        if (legacy != null) {
            return legacy.forceStrategyC(reason);
        }
        CompletablePromise<OperatorReply> reply = Workflow.newPromise();
        forceWaiters.add(reply);
        events.add(new OwnerRules.OperatorForceC(reason));
        return reply.get();
    }

    @Override
    public OperatorReply resume() {
        Workflow.await(() -> legacy != null || ownerRunning);
        if (legacy != null) {
            return legacy.resume();
        }
        CompletablePromise<OperatorReply> reply = Workflow.newPromise();
        resumeWaiters.add(reply);
        events.add(new OwnerRules.OperatorResume());
        return reply.get();
    }

    @Override
    public void validateResume() {
        if (rules != null) {
            rules.resumeRefusal().ifPresent(reason -> {
                throw new IllegalStateException("resume refused: " + reason);
            });
        }
    }

    @Override
    public OwnerDecision reportValidation(ValidationReport report) {
        Workflow.await(() -> legacy != null || ownerRunning);
        if (legacy != null) {
            return legacy.reportValidation(report);
        }
        CompletablePromise<OwnerDecision> decision = Workflow.newPromise();
        startupWaiters.add(decision);
        events.add(new OwnerRules.StartupReported(report));
        return decision.get();
    }

    @Override
    public MonitorStatus status() {
        if (legacy != null) {
            return legacy.status();
        }
        if (rules == null) {
            return null;
        }
        OwnerRules.State s = rules.state();
        long now = Workflow.currentTimeMillis();
        int inWindow = (int) s.disconnectTimes().stream()
                .filter(t -> t >= now - settings.disconnectWindowSeconds() * 1000L)
                .count();
        boolean validated = s.validated() && s.botWorkerAlive();
        String notValidated = validated ? "" : !s.botWorkerAlive() ? s.lastError() : s.notValidatedReason();
        return new MonitorStatus(
                settings.botId(),
                s.gatewayConnected(),
                lastGatewayCheck,
                s.lastGatewayState(),
                s.gatewayConnected() ? Math.max(0, (now - s.connectedSince()) / 1000) : 0,
                s.strategyActive(),
                s.positionsOpen(),
                s.lastError(),
                phase(s.state()),
                s.botWorkerAlive(),
                lastEngineAnswer,
                s.holds().contains(OwnerRules.Hold.STORM_LATCH),
                s.holds().contains(OwnerRules.Hold.OPERATOR),
                inWindow,
                s.reconnectAttempt(),
                s.nextAttemptAt(),
                monitoringSince,
                run,
                Workflow.getInfo().getHistoryLength(),
                s.decisions(),
                s.state(),
                s.holds().stream().map(Enum::name).toList(),
                validated,
                s.engine().engineId(),
                s.engine().epoch(),
                s.engine().taskQueue(),
                notValidated,
                lastEngine == null ? 0 : lastEngine.openOrders());
    }

    private long lastGatewayCheck;
    private long lastEngineAnswer;

    static MonitorPhase phase(OwnerState state) {
        return switch (state) {
            case ARMED, SAFE_C -> MonitorPhase.MONITORING;
            case NOT_VALIDATED, RECOVERING -> MonitorPhase.RECOVERING;
            case HELD, REFUSED -> MonitorPhase.AWAITING_RESUME;
        };
    }

    // ---------------------------------------------------------------- effects

    private void execute(Effect effect) {
        if (effect instanceof OwnerRules.EnterC c) {
            StrategyCOrder command = new StrategyCOrder(
                    settings.botId(),
                    c.reason(),
                    c.trigger(),
                    c.detectedAt(),
                    Workflow.currentTimeMillis(),
                    c.flatten());
            track(Async.function(engineCommands(c.taskQueue())::enterStrategyC, command), (outcome, failure) -> {
                EngineSnapshot engine = outcome == null ? null : outcome.engine();
                noteEngine(engine);
                return new OwnerRules.StrategyCDone(
                        c,
                        engine == null && failure == null
                                ? new EngineSnapshot(true, false, false, "C", 0, "", 0, "", "", 0, "")
                                : engine,
                        failure);
            });
        } else if (effect instanceof OwnerRules.Arm a && a.plan() == null) {
            track(
                    Async.function(engineCommands(a.taskQueue())::resumeStrategy, settings.botId()),
                    (engine, failure) -> {
                        noteEngine(engine);
                        return failure == null
                                ? new OwnerRules.Armed(new ModuleStatus(
                                        engine.initialized(),
                                        engine.gatewayConnected(),
                                        engine.orderGateOpen(),
                                        engine.strategyActive(),
                                        "resumed",
                                        engine.engineId(),
                                        engine.sessionEpoch(),
                                        engine.engineTaskQueue()))
                                : new OwnerRules.ArmFailed(failure);
                    });
        } else if (effect instanceof OwnerRules.Arm a) {
            ModuleActivities modules = Workflow.newActivityStub(ModuleActivities.class, onQueue(a.taskQueue(), 30));
            track(
                    Async.function(modules::activatePlan, settings.botId(), a.plan()),
                    (status, failure) ->
                            failure == null ? new OwnerRules.Armed(status) : new OwnerRules.ArmFailed(failure));
        } else if (effect instanceof OwnerRules.Revalidate r) {
            effectsInFlight++;
            Async.procedure(() -> {
                Event result = revalidate(r);
                effectsInFlight--;
                engineGeneration++;
                events.add(result);
            });
        } else if (effect instanceof OwnerRules.CheckEngine c) {
            TradingActivities ping = Workflow.newActivityStub(
                    TradingActivities.class,
                    ActivityOptions.newBuilder()
                            .setTaskQueue(queue(c.taskQueue()))
                            .setScheduleToStartTimeout(Duration.ofSeconds(settings.pingScheduleToStartSeconds()))
                            .setStartToCloseTimeout(Duration.ofSeconds(10))
                            .setRetryOptions(RetryOptions.newBuilder()
                                    .setMaximumAttempts(1)
                                    .build())
                            .build());
            track(
                    Async.function(ping::ping, settings.botId()),
                    (engine, failure) -> new OwnerRules.EngineChecked(c, engine));
        } else if (effect instanceof OwnerRules.SendAlert a) {
            alert(a);
        } else if (effect instanceof OwnerRules.ReplyOperator r) {
            if (r.toForceC()) {
                if (!forceWaiters.isEmpty()) {
                    forceWaiters.removeFirst().complete(r.reply());
                }
            } else {
                resumeWaiters.forEach(w -> w.complete(r.reply()));
                resumeWaiters.clear();
            }
        } else if (effect instanceof OwnerRules.ReplyStartup r) {
            if (!startupWaiters.isEmpty()) {
                startupWaiters.removeFirst().complete(r.decision());
            }
        }
    }

    private interface Result<T> {
        Event toEvent(T value, String failure);
    }

    /** Runs an effect's activity without blocking the loop; its result comes back as an event. */
    private <T> void track(Promise<T> promise, Result<T> result) {
        effectsInFlight++;
        promise.handle((value, failure) -> {
            effectsInFlight--;
            engineGeneration++;
            events.add(result.toEvent(value, failure == null ? null : rootMessage(failure)));
            return null;
        });
    }

    /** A fresh validation: independent probe, then the engine (initModules or revalidate), then the gameplan. */
    private Event revalidate(OwnerRules.Revalidate r) {
        ProbeOutcome probe;
        try {
            probe = gatewayCheck.probeGateway(probeTarget());
        } catch (ActivityFailure e) {
            probe = new ProbeOutcome(GatewayState.UNKNOWN, 0, "probe activity failed: " + rootMessage(e));
        }
        lastGatewayCheck = Workflow.currentTimeMillis();
        if (!probe.ready()) {
            return new OwnerRules.RevalidationFailed("gateway " + probe.state() + " " + probe.detail());
        }
        try {
            EngineSnapshot engine;
            if (r.initialize()) {
                ModuleActivities modules = Workflow.newActivityStub(
                        ModuleActivities.class, onQueue(r.taskQueue(), settings.handshakeTimeoutSeconds() + 15));
                modules.initModules(new ModuleInit(
                        settings.botId(),
                        settings.gatewayHost(),
                        settings.gatewayPort(),
                        settings.tradingClientId() > 0 ? settings.tradingClientId() : 1,
                        settings.dryRun()));
                engine = engineCommands(r.taskQueue()).ping(settings.botId());
            } else {
                engine = engineCommands(r.taskQueue()).revalidate(settings.botId());
            }
            noteEngine(engine);
            GameplanCheck plan = null;
            if (!settings.gameplanPath().isEmpty()) {
                plan = loadGameplan(r.taskQueue());
            }
            return new OwnerRules.Revalidated(engine, plan);
        } catch (ActivityFailure e) {
            return new OwnerRules.RevalidationFailed(rootMessage(e));
        }
    }

    private GameplanCheck loadGameplan(String taskQueue) {
        String today = java.time.Instant.ofEpochMilli(Workflow.currentTimeMillis())
                .atZone(java.time.ZoneId.of(settings.marketZone()))
                .toLocalDate()
                .toString();
        GameplanActivities gameplans = Workflow.newActivityStub(GameplanActivities.class, onQueue(taskQueue, 30));
        try {
            return gameplans.loadGameplan(
                    new GameplanRequest(settings.botId(), settings.gameplanPath(), today, settings.marketZone()));
        } catch (ActivityFailure e) {
            return GameplanCheck.rejected("file", "could not be loaded: " + rootMessage(e));
        }
    }

    // ---------------------------------------------------------------- watches

    /** One engine watch (bot's queue) and one gateway watch (monitor's queue) always running. */
    private void ensureWatches() {
        if (engineWatch == null) {
            boolean workerDown = !rules.state().botWorkerAlive();
            ActivityOptions.Builder options = ActivityOptions.newBuilder()
                    .setTaskQueue(settings.botTaskQueue())
                    .setStartToCloseTimeout(Duration.ofSeconds(settings.watchMaxSeconds() + 60L))
                    .setHeartbeatTimeout(Duration.ofSeconds(2L * settings.monitorIntervalSeconds()))
                    .setRetryOptions(
                            RetryOptions.newBuilder().setMaximumAttempts(1).build());
            if (!workerDown) {
                // A worker that is not there is noticed quickly; once noticed, the next watch waits for its return.
                options.setScheduleToStartTimeout(Duration.ofSeconds(settings.pingScheduleToStartSeconds()));
            }
            TradingActivities watcher = Workflow.newActivityStub(TradingActivities.class, options.build());
            Promise<EngineSnapshot> watch = Async.function(
                    watcher::watchEngine,
                    new EngineWatch(
                            settings.botId(),
                            lastEngine,
                            Math.max(1, settings.monitorIntervalSeconds() / 2),
                            settings.watchMaxSeconds()));
            engineWatch = watch;
            long generation = engineGeneration;
            watch.handle((engine, failure) -> {
                engineWatch = null;
                if (generation != engineGeneration && (failure == null || dropStaleWatchFailure)) {
                    // An effect changed the engine while this watch ran: its view, or its failure (the worker that ran
                    // it is gone, a newer engine answered since), may predate that change. The next watch starts from
                    // the effect's result; if no worker serves it, its schedule-to-start timeout says so.
                    return null;
                }
                if (failure == null) {
                    noteEngine(engine);
                    events.add(new OwnerRules.EngineSeen(engine));
                } else {
                    events.add(new OwnerRules.EngineUnreachable(unreachable(failure)));
                }
                return null;
            });
        }
        if (gatewayWatch == null) {
            GatewayState expected = GatewayState.valueOf(rules.state().lastGatewayState());
            Promise<ProbeOutcome> watch = Async.function(
                    gatewayWatcher::watchGateway,
                    new GatewayWatch(
                            probeTarget(), expected, settings.monitorIntervalSeconds(), settings.watchMaxSeconds()));
            gatewayWatch = watch;
            watch.handle((outcome, failure) -> {
                gatewayWatch = null;
                if (failure != null && rewatchLostGatewayWatch && failure.getCause() instanceof TimeoutFailure) {
                    // The watch went with its worker: that says nothing about the gateway. The next watch, on a live
                    // worker, looks again; meanwhile the engine watch still sees the trading session.
                    log.warn(
                            "monitor {}: gateway watch lost ({}); watching again",
                            settings.botId(),
                            rootMessage(failure));
                    return null;
                }
                lastGatewayCheck = Workflow.currentTimeMillis();
                events.add(new OwnerRules.GatewaySeen(
                        failure == null
                                ? outcome
                                : new ProbeOutcome(
                                        GatewayState.UNKNOWN, 0, "gateway watch failed: " + rootMessage(failure))));
                return null;
            });
        }
    }

    private String unreachable(Throwable failure) {
        Throwable cause = failure.getCause();
        if (cause instanceof TimeoutFailure timeout) {
            return switch (timeout.getTimeoutType()) {
                case TIMEOUT_TYPE_SCHEDULE_TO_START ->
                    "no worker picked up the engine watch on task queue '" + settings.botTaskQueue() + "' within "
                            + settings.pingScheduleToStartSeconds() + " s";
                case TIMEOUT_TYPE_HEARTBEAT ->
                    "the engine watch stopped heartbeating (worker gone?) on task queue '" + settings.botTaskQueue()
                            + "'";
                default -> "engine watch timed out: " + timeout.getTimeoutType();
            };
        }
        return "engine watch failed: " + rootMessage(failure);
    }

    private void noteEngine(EngineSnapshot engine) {
        if (engine != null) {
            lastEngine = engine;
            lastEngineAnswer = Workflow.currentTimeMillis();
        }
    }

    // ---------------------------------------------------------------- alerts

    private void alert(OwnerRules.SendAlert a) {
        long now = Workflow.currentTimeMillis();
        switch (a.mode()) {
            case RECORD_ONLY -> {
                alertPolicy.onEvent(a.changeKey(), a.keyState(), now);
                return;
            }
            case ALWAYS -> {
                if (a.changeKey() != null) {
                    alertPolicy.onEvent(a.changeKey(), a.keyState(), now);
                }
            }
            case ON_CHANGE -> {
                if (!alertPolicy.onEvent(a.changeKey(), a.keyState(), now).send()) {
                    return;
                }
            }
        }
        alertSequence++;
        String workflowId = Workflow.getInfo().getWorkflowId();
        // Unique across monitor executions: a restarted monitor (new first run id) never reuses an earlier id.
        String id = workflowId + "/" + Workflow.getInfo().getFirstExecutionRunId() + "/" + alertSequence + "-"
                + a.alertState();
        send(new Alert(
                id,
                a.severity(),
                a.title(),
                a.text(),
                settings.botId(),
                settings.gatewayAddress(),
                0,
                0,
                Math.max(0, (now - monitoringSince) / 1000),
                a.alertState(),
                workflowId,
                now));
    }

    private void send(Alert alert) {
        unsentAlerts.put(alert.alertId(), alert);
        Async.function(alerts::sendAlert, alert).handle((AlertReceipt receipt, RuntimeException failure) -> {
            unsentAlerts.remove(alert.alertId());
            return null;
        });
    }

    // ---------------------------------------------------------------- publishing

    private void publish() {
        OwnerRules.State s = rules.state();
        if (!s.strategyActive().equals(publishedStrategy) || s.state() != publishedState) {
            publishedStrategy = s.strategyActive();
            Workflow.upsertTypedSearchAttributes(SafestartSearchAttributes.ACTIVE_STRATEGY.valueSet(publishedStrategy));
            Workflow.upsertMemo(Map.of(
                    SafestartSearchAttributes.MEMO_SUMMARY,
                    "strategy " + publishedStrategy
                            + ", state " + s.state() + (s.holds().isEmpty() ? "" : ", holds " + s.holds())
                            + (s.lastError().isBlank() ? "" : ", last: " + abbreviate(s.lastError()))));
        }
        if (!s.lastGatewayState().equals(publishedGateway)) {
            publishedGateway = s.lastGatewayState();
            Workflow.upsertTypedSearchAttributes(SafestartSearchAttributes.GATEWAY_STATE.valueSet(publishedGateway));
        }
        if (s.state() != publishedState) {
            publishedState = s.state();
            for (OwnerState state : OwnerState.values()) {
                Workflow.getMetricsScope()
                        .tagged(Map.of("state", state.name()))
                        .gauge(METRIC_STATE)
                        .update(state == publishedState ? 1 : 0);
            }
        }
    }

    // ---------------------------------------------------------------- state hand-over

    private void restore(MonitorRequest request, int revision) {
        long now = Workflow.currentTimeMillis();
        OwnerRules.State state;
        if (request.owner() != null) {
            OwnerCarry c = request.owner();
            state = c.rules();
            alertPolicy = new AlertPolicy(AlertPolicy.Settings.defaults(), c.alertPolicy());
            alertSequence = c.alertSequence();
            monitoringSince = c.monitoringSinceEpochMillis();
            run = c.run();
            lastEngine = c.lastEngine();
            c.pendingSignals().forEach(s -> events.add(new OwnerRules.Connection(s)));
            c.unsentAlerts().forEach(this::send);
        } else if (request.carried() != null) {
            state = fromLegacy(request.carried(), now);
            MonitorState m = request.carried();
            alertPolicy = new AlertPolicy(AlertPolicy.Settings.defaults(), m.alertPolicy());
            alertSequence = m.alertSequence();
            monitoringSince = m.monitoringSinceEpochMillis();
            run = m.run();
            for (MonitorState.PendingSignal p : m.pending()) {
                switch (p.type()) {
                    case "CONNECTION" -> events.add(new OwnerRules.Connection(p.connection()));
                    case "FORCE_C" -> events.add(new OwnerRules.OperatorForceC(p.reason()));
                    default -> events.add(new OwnerRules.OperatorResume());
                }
            }
        } else {
            state = OwnerRules.State.initial(now);
            alertPolicy = new AlertPolicy(AlertPolicy.Settings.defaults());
            alertPolicy.baseline(OwnerRules.GATEWAY_KEY, "CONNECTED", now);
            alertPolicy.baseline(OwnerRules.WORKER_KEY, "UP", now);
            monitoringSince = now;
        }
        rules = new OwnerRules(OwnerRules.Settings.of(settings).withRevision(revision), state);
        early.forEach(s -> events.add(new OwnerRules.Connection(s)));
        early.clear();
    }

    /** The earlier monitor's state as the owner's: its holds kept, its engine not yet identified. */
    static OwnerRules.State fromLegacy(MonitorState m, long now) {
        List<OwnerRules.Hold> holds = new ArrayList<>();
        if (m.forcedStrategyC()) {
            holds.add(OwnerRules.Hold.OPERATOR);
        }
        if (m.latched()) {
            holds.add(OwnerRules.Hold.STORM_LATCH);
        }
        if (m.phase() == MonitorPhase.AWAITING_RESUME && holds.isEmpty()) {
            holds.add(OwnerRules.Hold.AWAITING_RESUME);
        }
        boolean armed = m.phase() == MonitorPhase.MONITORING && m.gatewayConnected() && !"C".equals(m.strategyActive());
        OwnerState state = m.phase() == MonitorPhase.RECOVERING
                ? OwnerState.RECOVERING
                : armed ? OwnerState.ARMED : holds.isEmpty() ? OwnerState.SAFE_C : OwnerState.HELD;
        boolean validated = m.phase() != MonitorPhase.RECOVERING && m.gatewayConnected();
        long next = m.phase() == MonitorPhase.RECOVERING ? Math.max(now, m.nextReconnectAtEpochMillis()) : 0;
        return new OwnerRules.State(
                state,
                holds,
                m.forcedStrategyC() ? "forced by operator" : "",
                "",
                null,
                m.planStrategy(),
                m.strategyActive(),
                validated,
                null,
                validated ? "" : m.lastError(),
                "",
                "",
                m.gatewayConnected(),
                m.lastGatewayState(),
                m.botWorkerAlive(),
                m.lastError(),
                m.connectedSinceEpochMillis(),
                m.disconnectTimes(),
                m.reconnectAttempt(),
                next,
                false,
                false,
                m.expectedOutage(),
                m.resumeRequested(),
                null,
                false,
                m.positionsOpen(),
                m.decisions(),
                false);
    }

    // ---------------------------------------------------------------- stubs

    private String queue(String taskQueue) {
        return taskQueue == null || taskQueue.isBlank() ? settings.botTaskQueue() : taskQueue;
    }

    private ActivityOptions onQueue(String taskQueue, int startToCloseSeconds) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(queue(taskQueue))
                .setScheduleToStartTimeout(Duration.ofSeconds(settings.pingScheduleToStartSeconds()))
                .setStartToCloseTimeout(Duration.ofSeconds(startToCloseSeconds))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setMaximumAttempts(2)
                        .setInitialInterval(Duration.ofSeconds(1))
                        .build())
                .build();
    }

    /** Commands for one engine: on its own queue when it has one, so they cannot land on another engine. */
    private TradingActivities engineCommands(String taskQueue) {
        return Workflow.newActivityStub(
                TradingActivities.class, onQueue(taskQueue, settings.handshakeTimeoutSeconds() + 15));
    }

    private ProbeTarget probeTarget() {
        return new ProbeTarget(
                settings.botId(),
                settings.gatewayHost(),
                settings.gatewayPort(),
                settings.probeClientId(),
                settings.handshakeTimeoutSeconds());
    }

    private void createStubs() {
        RetryOptions once = RetryOptions.newBuilder().setMaximumAttempts(1).build();
        gatewayCheck = Workflow.newActivityStub(
                GatewayCheckActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(settings.handshakeTimeoutSeconds() + 15L))
                        .setRetryOptions(once)
                        .build());
        gatewayWatcher = Workflow.newActivityStub(
                GatewayCheckActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(
                                settings.watchMaxSeconds() + 2L * settings.handshakeTimeoutSeconds()))
                        .setHeartbeatTimeout(Duration.ofSeconds(
                                settings.monitorIntervalSeconds() + settings.handshakeTimeoutSeconds() + 30L))
                        .setRetryOptions(once)
                        .build());
        alerts = Workflow.newActivityStub(
                AlertActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .setScheduleToCloseTimeout(Duration.ofMinutes(10))
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofSeconds(2))
                                .setBackoffCoefficient(2)
                                .setMaximumInterval(Duration.ofMinutes(1))
                                .build())
                        .build());
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t instanceof TemporalFailure tf ? tf.getOriginalMessage() : t.getMessage();
        return abbreviate(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
