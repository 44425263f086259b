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
import dev.safestart.workflows.model.ModuleStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The monitor as it ran before the owner's state machine: kept, unchanged in what it commands, for the runs that
 * started on it ({@link RuntimeMonitorWorkflowImpl} picks it by {@code Workflow.getVersion}) until their next
 * continue-as-new, which hands its state to the owner. Do not change its command order.
 *
 * <p>Deterministic monitor loop. Each turn: wait for a signal or the next due time; act on every pending signal;
 * run a recovery attempt when one is due; run the periodic check (bot-worker ping + independent probe) every
 * MONITOR_INTERVAL; continue-as-new when the history grows past the threshold (or Temporal suggests it), carrying
 * state and any signal not yet handled.
 */
final class LegacyRuntimeMonitor implements RuntimeMonitorWorkflow {
    private static final Logger log = Workflow.getLogger(LegacyRuntimeMonitor.class);
    static final SearchAttributeKey<String> ACTIVE_STRATEGY = SafestartSearchAttributes.ACTIVE_STRATEGY;
    static final SearchAttributeKey<String> GATEWAY_STATE = SafestartSearchAttributes.GATEWAY_STATE;
    static final SearchAttributeKey<String> BOT_ID = SafestartSearchAttributes.BOT_ID;
    static final int MAX_DECISIONS = 25;

    private MonitorSettings settings;
    private RestartWindow restartWindow;
    private TradingActivities trading;
    private TradingActivities tradingPing;
    private GatewayCheckActivities gatewayCheck;
    private AlertActivities alerts;
    private GameplanActivities gameplans;
    private ModuleActivities modules;

    // ---- state carried across continue-as-new (see MonitorState) ----
    private MonitorPhase phase = MonitorPhase.MONITORING;
    private boolean gatewayConnected = true;
    private String lastGatewayState = GatewayState.READY.name();
    private long lastGatewayCheck;
    private long connectedSince;
    private String strategyActive = "C";
    private String planStrategy = "C";
    private int positionsOpen;
    private String lastError = "";
    private boolean botWorkerAlive = true;
    private long lastBotPing;
    private boolean latched;
    private boolean forcedC;
    private boolean resumeRequested;
    private boolean expectedOutage;
    private final List<Long> disconnectTimes = new ArrayList<>();
    private int reconnectAttempt;
    private long nextReconnectAt;
    private long nextCheckAt;
    private long alertSequence;
    private long monitoringSince;
    private int run = 1;
    private final List<MonitorDecision> decisions = new ArrayList<>();
    private final List<MonitorState.PendingSignal> pending = new ArrayList<>();
    private final List<Promise<AlertReceipt>> alertsInFlight = new ArrayList<>();
    /** Change-only alerts with flap digests (AlertPolicy's deterministic rules); its memory is carried too. */
    private AlertPolicy alertPolicy;

    static final String GATEWAY_KEY = "gateway";
    static final String WORKER_KEY = "bot worker";

    @Override
    public void run(MonitorRequest request) {
        // Signals that operator clients sent before forceStrategyC and resume became Updates.
        Workflow.registerListener((io.temporal.workflow.DynamicSignalHandler) (name, args) -> {
            if (FORCE_STRATEGY_C.equals(name)) {
                forceStrategyCSignal(args.get(0, String.class));
            } else if (RESUME.equals(name)) {
                resumeSignal();
            }
        });
        settings = request.settings();
        restartWindow = settings.restartWindow().isEmpty() ? null : RestartWindow.parse(settings.restartWindow());
        createStubs();
        long now = Workflow.currentTimeMillis();
        if (request.carried() == null) {
            planStrategy = request.initialStrategy() == null ? "C" : request.initialStrategy();
            strategyActive = planStrategy;
            connectedSince = now;
            lastGatewayCheck = 0; // "never" until the monitor's own first probe (which runs at once)
            monitoringSince = now;
            nextCheckAt = now; // first ping + probe right away: oversight from the first second
            decide("MONITORING_STARTED", "startup VALIDATED", "strategy " + strategyActive, now);
            alertPolicy = new AlertPolicy(AlertPolicy.Settings.defaults());
            alertPolicy.baseline(GATEWAY_KEY, "CONNECTED", now);
            alertPolicy.baseline(WORKER_KEY, "UP", now);
        } else {
            restore(request.carried());
        }
        Workflow.upsertTypedSearchAttributes(
                BOT_ID.valueSet(settings.botId()),
                ACTIVE_STRATEGY.valueSet(strategyActive),
                GATEWAY_STATE.valueSet(lastGatewayState));
        loop();
    }

    private void loop() {
        while (true) {
            long now = Workflow.currentTimeMillis();
            long wakeAt = nextCheckAt;
            if (phase == MonitorPhase.RECOVERING) {
                wakeAt = Math.min(wakeAt, nextReconnectAt);
            }
            wakeAt = Math.min(wakeAt, alertPolicy.nextDigestDue().orElse(Long.MAX_VALUE));
            if (pending.isEmpty() && wakeAt > now) {
                Workflow.await(Duration.ofMillis(wakeAt - now), () -> !pending.isEmpty());
            }
            while (!pending.isEmpty()) {
                handle(pending.remove(0));
            }
            now = Workflow.currentTimeMillis();
            if (phase == MonitorPhase.RECOVERING && now >= nextReconnectAt) {
                attemptRecovery();
            }
            if (Workflow.currentTimeMillis() >= nextCheckAt) {
                periodicCheck();
                nextCheckAt = Workflow.currentTimeMillis() + intervalMillis();
            }
            for (AlertPolicy.Digest digest : alertPolicy.flushDigests(Workflow.currentTimeMillis())) {
                alertsInFlight.add(Async.function(
                        alerts::sendAlert,
                        digest.toAlert(
                                "DISCONNECTED".equals(digest.lastState()) || "DOWN".equals(digest.lastState())
                                        ? AlertSeverity.CRITICAL
                                        : AlertSeverity.WARNING,
                                settings.botId(),
                                settings.gatewayAddress(),
                                Workflow.getInfo().getWorkflowId(),
                                "Check the gateway and its network; `safestart status " + settings.botId()
                                        + "` shows the monitor.")));
            }
            alertsInFlight.removeIf(Promise::isCompleted);
            if (pending.isEmpty() && historyTooLong()) {
                // Let in-flight alerts finish (an abandoned activity would lose them), then hand everything over.
                Promise.allOf(alertsInFlight).get();
                while (!pending.isEmpty()) {
                    handle(pending.remove(0));
                }
                Promise.allOf(alertsInFlight).get();
                if (pending.isEmpty()) {
                    log.info(
                            "monitor {} continues as new after {} events",
                            settings.botId(),
                            Workflow.getInfo().getHistoryLength());
                    Workflow.continueAsNew(new MonitorRequest(settings, planStrategy, snapshot()));
                    return;
                }
            }
        }
    }

    private boolean historyTooLong() {
        return Workflow.getInfo().getHistoryLength() >= settings.continueAsNewAfterEvents()
                || Workflow.getInfo().isContinueAsNewSuggested();
    }

    // ---------------------------------------------------------------- signals

    @Override
    public void connectionEvent(ConnectionSignal signal) {
        if (signal != null && signal.kind() != null) {
            pending.add(new MonitorState.PendingSignal(
                    "CONNECTION", signal, signal.detail(), Workflow.currentTimeMillis()));
        }
    }

    /** Runs recorded before the owner never knew engine identities: nothing to do. */
    @Override
    public void engineStarted(EngineSnapshot engine) {}

    private void forceStrategyCSignal(String reason) {
        String why = reason == null || reason.isBlank() ? "forced by operator" : reason;
        pending.add(new MonitorState.PendingSignal("FORCE_C", null, why, Workflow.currentTimeMillis()));
    }

    private void resumeSignal() {
        pending.add(new MonitorState.PendingSignal("RESUME", null, "operator resume", Workflow.currentTimeMillis()));
    }

    private long handledSignals;
    private long queuedCommands;

    private void awaitHandled(Runnable enqueue) {
        enqueue.run();
        long ticket = ++queuedCommands;
        Workflow.await(() -> handledSignals >= ticket);
    }

    @Override
    public OperatorReply forceStrategyC(String reason) {
        awaitHandled(() -> forceStrategyCSignal(reason));
        return reply("Strategy C forced");
    }

    @Override
    public OperatorReply resume() {
        awaitHandled(this::resumeSignal);
        return reply(phase == MonitorPhase.MONITORING ? "resumed" : "resume pending: " + lastError);
    }

    @Override
    public void validateResume() {}

    @Override
    public OwnerDecision reportValidation(ValidationReport report) {
        String strategy =
                report.plan() != null && report.plan().valid() ? report.plan().strategy() : "C";
        awaitHandled(() -> connectionEvent(new ConnectionSignal(
                ConnectionSignal.Kind.STARTUP_VALIDATED, strategy, report.validatedAtEpochMillis(), report.epoch())));
        return new OwnerDecision(
                latched || forcedC ? OwnerDecision.Decision.HELD : OwnerDecision.Decision.ARMED,
                strategyActive,
                latched || forcedC ? "held" : "");
    }

    private OperatorReply reply(String message) {
        return new OperatorReply(true, ownerState(), strategyActive, holds(), message);
    }

    private OwnerState ownerState() {
        return switch (phase) {
            case MONITORING -> "C".equals(strategyActive) ? OwnerState.SAFE_C : OwnerState.ARMED;
            case RECOVERING -> OwnerState.RECOVERING;
            case AWAITING_RESUME -> OwnerState.HELD;
        };
    }

    private List<String> holds() {
        List<String> holds = new ArrayList<>();
        if (forcedC) {
            holds.add("OPERATOR");
        }
        if (latched) {
            holds.add("STORM_LATCH");
        }
        return holds;
    }

    private void handle(MonitorState.PendingSignal signal) {
        handledSignals++;
        switch (signal.type()) {
            case "CONNECTION" -> onConnection(signal.connection(), signal.receivedAtEpochMillis());
            case "FORCE_C" -> onForceC(signal.reason(), signal.receivedAtEpochMillis());
            case "RESUME" -> onResume();
            default -> log.warn("unknown pending signal {}", signal.type());
        }
    }

    private void onConnection(ConnectionSignal signal, long receivedAt) {
        if (signal.kind() == ConnectionSignal.Kind.STARTUP_VALIDATED) {
            String strategy = signal.detail().isBlank() ? planStrategy : signal.detail();
            if (phase == MonitorPhase.MONITORING && gatewayConnected && strategy.equals(strategyActive)) {
                return; // nothing new: e.g. the signal that came with this monitor's own start
            }
            // A full startup validation just succeeded (e.g. the bot restarted): that is a fresh validation.
            planStrategy = signal.detail().isBlank() ? planStrategy : signal.detail();
            markValidated("startup VALIDATED again", receivedAt);
            alertPolicy.onEvent(GATEWAY_KEY, "CONNECTED", Workflow.currentTimeMillis()); // the startup alerted already
            if (!latched && !forcedC) {
                strategyActive = planStrategy;
                phase = MonitorPhase.MONITORING;
                upsertStrategy();
            }
            return;
        }
        if (!signal.kind().isDisconnection()) {
            decide("RESTORE_NOTICED", signal.kind().name(), signal.detail(), signal.detectedAtEpochMillis());
            if (phase == MonitorPhase.RECOVERING) {
                nextReconnectAt = Workflow.currentTimeMillis(); // try re-validation now
            }
            return;
        }
        onDisconnect(
                signal.kind().name() + (signal.detail().isBlank() ? "" : ": " + signal.detail()),
                signal.detectedAtEpochMillis() > 0 ? signal.detectedAtEpochMillis() : receivedAt);
    }

    private void onForceC(String reason, long receivedAt) {
        forcedC = true;
        resumeRequested = false;
        enterStrategyC("forced by operator: " + reason, "FORCE_STRATEGY_C", receivedAt);
        if (phase == MonitorPhase.MONITORING) {
            phase = MonitorPhase.AWAITING_RESUME;
        }
        alert(
                AlertSeverity.WARNING,
                "Strategy C forced by operator",
                "Reason: " + reason + ". The bot places no new orders until `safestart resume " + settings.botId()
                        + "`.",
                "STRATEGY_C");
    }

    private void onResume() {
        long now = Workflow.currentTimeMillis();
        boolean wasLatched = latched;
        latched = false;
        forcedC = false;
        disconnectTimes.clear();
        if (phase == MonitorPhase.RECOVERING) {
            resumeRequested = true;
            decide("RESUME_REQUESTED", "operator", "resumes after the next successful re-validation", now);
            nextReconnectAt = now;
            return;
        }
        decide("RESUME_REQUESTED", "operator", wasLatched ? "restart-storm latch cleared" : "", now);
        resumeStrategy("operator resume", true);
    }

    // ---------------------------------------------------------------- disconnection → Strategy C

    private void onDisconnect(String trigger, long detectedAt) {
        long now = Workflow.currentTimeMillis();
        boolean wasConnected = gatewayConnected || phase == MonitorPhase.MONITORING;
        gatewayConnected = false;
        lastError = trigger;
        if (!wasConnected && phase == MonitorPhase.RECOVERING) {
            // Same outage, seen again: recorded, no new alert (alerts on change only).
            decide("STILL_DISCONNECTED", trigger, "", detectedAt);
            return;
        }
        boolean expected = restartWindow != null && restartWindow.contains(now);
        expectedOutage = expected;
        if (!expected) {
            disconnectTimes.add(now);
            disconnectTimes.removeIf(t -> t < now - settings.disconnectWindowSeconds() * 1000L);
        }
        boolean storm = !expected && disconnectTimes.size() > settings.maxDisconnects();
        phase = MonitorPhase.RECOVERING;
        reconnectAttempt = 0;
        nextReconnectAt = expected ? restartWindow.nextEnd(now) : now + settings.reconnectInitialSeconds() * 1000L;
        upsertGatewayState("DISCONNECTED");
        enterStrategyC("gateway disconnected: " + trigger, trigger, detectedAt);
        if (storm && !latched) {
            alertPolicy.onEvent(GATEWAY_KEY, "DISCONNECTED", now); // counted; the latch alert below says it all
            latched = true;
            decide(
                    "LATCHED_STRATEGY_C",
                    trigger,
                    disconnectTimes.size() + " disconnections within " + settings.disconnectWindowSeconds() / 60
                            + " min (max " + settings.maxDisconnects() + ")",
                    detectedAt);
            alert(
                    AlertSeverity.CRITICAL,
                    "Restart storm: Strategy C latched",
                    "The gateway dropped " + disconnectTimes.size() + " times in "
                            + settings.disconnectWindowSeconds() / 60
                            + " min. The bot stays in Strategy C even after the gateway is back; investigate, then run "
                            + "`safestart resume " + settings.botId() + "`.",
                    "LATCHED");
        } else if (latched) {
            alertPolicy.onEvent(GATEWAY_KEY, "DISCONNECTED", now);
            decide("STILL_LATCHED", trigger, "drop during a latched restart storm; no new alert", detectedAt);
        } else if (expected) {
            alertOnChange(
                    GATEWAY_KEY,
                    "DISCONNECTED",
                    AlertSeverity.INFO,
                    "Expected nightly gateway restart",
                    "Gateway dropped inside GATEWAY_RESTART_WINDOW (" + settings.restartWindow()
                            + "): Strategy C until the " + "window ends, then automatic re-validation.",
                    "DISCONNECTED");
        } else {
            alertOnChange(
                    GATEWAY_KEY,
                    "DISCONNECTED",
                    AlertSeverity.CRITICAL,
                    "Gateway dropped during trading",
                    "Trigger: " + trigger + ". The order gate closed in the worker; Strategy C entered. Reconnection "
                            + "with backoff; "
                            + (settings.autoResume()
                                    ? "AUTO_RESUME resumes after re-validation."
                                    : "after re-validation the bot waits for `safestart resume " + settings.botId()
                                            + "`."),
                    "DISCONNECTED");
        }
    }

    private void enterStrategyC(String reason, String trigger, long detectedAt) {
        long now = Workflow.currentTimeMillis();
        String previous = strategyActive;
        strategyActive = "C";
        upsertStrategy();
        decide("ENTER_STRATEGY_C", trigger, reason + " (was " + previous + ")", detectedAt);
        StrategyCOrder command =
                new StrategyCOrder(settings.botId(), reason, trigger, detectedAt, now, settings.flattenOnDisconnect());
        try {
            StrategyCOutcome outcome = trading.enterStrategyC(command);
            positionsOpen =
                    outcome.engine() == null ? positionsOpen : outcome.engine().positionsOpen();
            botWorkerAlive = true;
        } catch (ActivityFailure failure) {
            // The worker's own gate is already closed (or its process is gone); record that C is unconfirmed.
            lastError = "Strategy C not confirmed by the bot worker: " + rootMessage(failure);
            decide("STRATEGY_C_UNCONFIRMED", trigger, lastError, detectedAt);
            noteBotWorker(false, failure);
        }
    }

    // ---------------------------------------------------------------- recovery

    private void attemptRecovery() {
        long now = Workflow.currentTimeMillis();
        reconnectAttempt++;
        ProbeOutcome probe = probe();
        if (probe.ready()) {
            try {
                EngineSnapshot engine = trading.revalidate(settings.botId());
                positionsOpen = engine.positionsOpen();
                markValidated("re-validation attempt " + reconnectAttempt, now);
                boolean nightly = expectedOutage;
                expectedOutage = false;
                if (latched || forcedC) {
                    phase = MonitorPhase.AWAITING_RESUME;
                    decide(
                            "STAY_IN_C",
                            latched ? "restart storm latch" : "forced Strategy C",
                            "re-validated; waiting for `safestart resume`",
                            now);
                    alertOnChange(
                            GATEWAY_KEY,
                            "CONNECTED",
                            AlertSeverity.WARNING,
                            "Gateway back; Strategy C held",
                            "Re-validated, but Strategy C is " + (latched ? "latched after a restart storm" : "forced")
                                    + ". Run `safestart resume " + settings.botId() + "` when safe.",
                            "REVALIDATED");
                } else if (settings.autoResume() || resumeRequested || nightly) {
                    String why = resumeRequested ? "operator resume" : nightly ? "nightly restart over" : "AUTO_RESUME";
                    if (resumeStrategy(why, false)) {
                        alertOnChange(
                                GATEWAY_KEY,
                                "CONNECTED",
                                AlertSeverity.INFO,
                                "Gateway back; trading resumed",
                                "Re-validated; strategy " + strategyActive + " active again (" + why + ").",
                                "RESUMED");
                    }
                } else {
                    phase = MonitorPhase.AWAITING_RESUME;
                    decide("STAY_IN_C", "AUTO_RESUME=false", "re-validated; waiting for `safestart resume`", now);
                    alertOnChange(
                            GATEWAY_KEY,
                            "CONNECTED",
                            AlertSeverity.INFO,
                            "Gateway back and re-validated",
                            "Strategy C held (AUTO_RESUME=false). Run `safestart resume " + settings.botId()
                                    + "` to resume strategy " + planStrategy + ".",
                            "REVALIDATED");
                }
                return;
            } catch (ActivityFailure failure) {
                lastError = "re-validation failed: " + rootMessage(failure);
                decide("REVALIDATION_FAILED", "attempt " + reconnectAttempt, lastError, now);
            }
        } else {
            lastError = "reconnect attempt " + reconnectAttempt + ": " + probe.state() + " " + probe.detail();
        }
        long delay = Math.min(
                        (long) settings.reconnectInitialSeconds() << Math.min(reconnectAttempt, 20),
                        settings.reconnectMaxSeconds())
                * 1000L;
        nextReconnectAt = Workflow.currentTimeMillis() + delay;
    }

    private void markValidated(String trigger, long at) {
        gatewayConnected = true;
        connectedSince = Workflow.currentTimeMillis();
        lastGatewayState = GatewayState.READY.name();
        lastGatewayCheck = Workflow.currentTimeMillis();
        reconnectAttempt = 0;
        upsertGatewayState(GatewayState.READY.name());
        decide("REVALIDATED", trigger, "fresh validation of the trading session", at);
    }

    /** @return true when the engine resumed */
    private boolean resumeStrategy(String why, boolean alertOperator) {
        long now = Workflow.currentTimeMillis();
        if (!gatewayConnected) {
            resumeRequested = true;
            phase = MonitorPhase.RECOVERING;
            return false;
        }
        try {
            if (!settings.gameplanPath().isEmpty()) {
                // The same gameplan checks as startup: today's plan, valid, then armed (which resumes it).
                GameplanCheck plan = loadGameplan();
                if (!plan.valid()) {
                    phase = MonitorPhase.AWAITING_RESUME;
                    lastError = "gameplan rejected: " + plan.rejection();
                    decide("STAY_IN_C", "gameplan", lastError, now);
                    alertOnChange(
                            "gameplan",
                            "REJECTED",
                            AlertSeverity.WARNING,
                            "Gateway back; gameplan rejected",
                            lastError + ". Strategy C held: fix " + settings.gameplanPath()
                                    + ", then `safestart resume " + settings.botId() + "`.",
                            "STRATEGY_C");
                    return false;
                }
                alertPolicy.onEvent("gameplan", "VALID", now);
                ModuleStatus armed = modules.activatePlan(settings.botId(), plan);
                planStrategy = plan.strategy();
                strategyActive = armed.strategyActive();
            } else {
                EngineSnapshot engine = trading.resumeStrategy(settings.botId());
                strategyActive = engine.strategyActive();
                positionsOpen = engine.positionsOpen();
            }
            phase = MonitorPhase.MONITORING;
            resumeRequested = false;
            upsertStrategy();
            decide("RESUMED", why, "strategy " + strategyActive, now);
            if (alertOperator) {
                alert(
                        AlertSeverity.INFO,
                        "Trading resumed",
                        "Strategy " + strategyActive + " active again (" + why + ").",
                        "RESUMED");
            }
            return true;
        } catch (ActivityFailure failure) {
            lastError = "resume refused: " + rootMessage(failure);
            decide("RESUME_FAILED", why, lastError, now);
            // The engine refuses without a validated session: go back to recovering, resume when validated.
            resumeRequested = true;
            gatewayConnected = false;
            phase = MonitorPhase.RECOVERING;
            nextReconnectAt = now + settings.reconnectInitialSeconds() * 1000L;
            return false;
        }
    }

    // ---------------------------------------------------------------- periodic checks

    private void periodicCheck() {
        Promise<EngineSnapshot> ping = Async.function(tradingPing::ping, settings.botId());
        Promise<ProbeOutcome> probe =
                phase == MonitorPhase.RECOVERING ? null : Async.function(gatewayCheck::probeGateway, probeTarget());
        // A probe may take up to the handshake timeout: signals (a drop seen by the worker) are acted on meanwhile,
        // not after it.
        while (!(ping.isCompleted() && (probe == null || probe.isCompleted()))) {
            Workflow.await(() -> (ping.isCompleted() && (probe == null || probe.isCompleted())) || !pending.isEmpty());
            while (!pending.isEmpty()) {
                handle(pending.remove(0));
            }
        }
        EngineSnapshot engine = null;
        try {
            engine = ping.get();
            noteBotWorker(true, null);
        } catch (ActivityFailure failure) {
            noteBotWorker(false, failure);
        }
        ProbeOutcome outcome = null;
        if (probe != null) {
            outcome = probeResult(probe);
        }
        if (engine != null) {
            positionsOpen = engine.positionsOpen();
            if (phase != MonitorPhase.RECOVERING && engine.initialized() && !engine.gatewayConnected()) {
                // A lost signal must not leave us believing the bot trades: the engine's own view wins.
                onDisconnect("engine reports disconnected: " + engine.lastError(), Workflow.currentTimeMillis());
                return;
            }
        }
        if (outcome != null && !outcome.ready() && phase != MonitorPhase.RECOVERING) {
            onDisconnect(
                    "independent probe: " + outcome.state() + " " + outcome.detail(), Workflow.currentTimeMillis());
        }
    }

    private GameplanCheck loadGameplan() {
        String today = java.time.Instant.ofEpochMilli(Workflow.currentTimeMillis())
                .atZone(java.time.ZoneId.of(settings.marketZone()))
                .toLocalDate()
                .toString();
        try {
            return gameplans.loadGameplan(
                    new GameplanRequest(settings.botId(), settings.gameplanPath(), today, settings.marketZone()));
        } catch (ActivityFailure e) {
            return GameplanCheck.rejected("file", "could not be loaded: " + rootMessage(e));
        }
    }

    private ProbeOutcome probe() {
        return probeResult(Async.function(gatewayCheck::probeGateway, probeTarget()));
    }

    private ProbeOutcome probeResult(Promise<ProbeOutcome> promise) {
        ProbeOutcome outcome;
        try {
            outcome = promise.get();
        } catch (ActivityFailure failure) {
            outcome = new ProbeOutcome(GatewayState.UNKNOWN, 0, "probe activity failed: " + rootMessage(failure));
        }
        lastGatewayCheck = Workflow.currentTimeMillis();
        if (!outcome.state().name().equals(lastGatewayState)) {
            lastGatewayState = outcome.state().name();
            upsertGatewayState(lastGatewayState);
        }
        return outcome;
    }

    private ProbeTarget probeTarget() {
        return new ProbeTarget(
                settings.botId(),
                settings.gatewayHost(),
                settings.gatewayPort(),
                settings.probeClientId(),
                settings.handshakeTimeoutSeconds());
    }

    private void noteBotWorker(boolean alive, ActivityFailure failure) {
        long now = Workflow.currentTimeMillis();
        if (alive) {
            lastBotPing = now;
            if (!botWorkerAlive) {
                botWorkerAlive = true;
                decide("BOT_WORKER_BACK", "ping answered", "", now);
                alertOnChange(
                        WORKER_KEY,
                        "UP",
                        AlertSeverity.INFO,
                        "Bot worker back",
                        "The trading worker serves its task queue again.",
                        "WORKER_UP");
            }
            return;
        }
        boolean scheduleToStart = failure != null && failure.getCause() instanceof TimeoutFailure;
        if (botWorkerAlive) {
            botWorkerAlive = false;
            String detail = scheduleToStart
                    ? "no worker picked up the ping on task queue '" + settings.botTaskQueue() + "' within "
                            + settings.pingScheduleToStartSeconds() + " s"
                    : "ping failed: " + rootMessage(failure);
            lastError = "bot worker down: " + detail;
            decide("BOT_WORKER_DOWN", "ping", detail, now);
            alertOnChange(
                    WORKER_KEY,
                    "DOWN",
                    AlertSeverity.CRITICAL,
                    "Bot worker down",
                    "The trading worker stopped serving task queue '" + settings.botTaskQueue() + "' (" + detail
                            + "). Its process holds the order gate; if it is gone no order can be sent, but nobody "
                            + "watches its positions. Restart the worker.",
                    "WORKER_DOWN");
        }
    }

    // ---------------------------------------------------------------- query

    @Override
    public MonitorStatus status() {
        long now = Workflow.currentTimeMillis();
        int inWindow = (int) disconnectTimes.stream()
                .filter(t -> t >= now - settings.disconnectWindowSeconds() * 1000L)
                .count();
        return new MonitorStatus(
                settings.botId(),
                gatewayConnected,
                lastGatewayCheck,
                lastGatewayState,
                gatewayConnected ? Math.max(0, (now - connectedSince) / 1000) : 0,
                strategyActive,
                positionsOpen,
                lastError,
                phase,
                botWorkerAlive,
                lastBotPing,
                latched,
                forcedC,
                inWindow,
                reconnectAttempt,
                phase == MonitorPhase.RECOVERING ? nextReconnectAt : 0,
                monitoringSince,
                run,
                Workflow.getInfo().getHistoryLength(),
                decisions,
                ownerState(),
                holds(),
                gatewayConnected,
                "",
                0,
                "",
                gatewayConnected ? "" : lastError,
                0);
    }

    // ---------------------------------------------------------------- helpers

    private void decide(String decision, String trigger, String detail, long detectedAt) {
        decisions.add(new MonitorDecision(decision, trigger, detail, detectedAt, Workflow.currentTimeMillis()));
        while (decisions.size() > MAX_DECISIONS) {
            decisions.remove(0);
        }
        log.info("monitor {} decision {} trigger='{}' {}", settings.botId(), decision, trigger, detail);
    }

    /** Alerts only when {@code key} changed state and is not flapping (then the change goes into a digest). */
    private void alertOnChange(
            String key, String state, AlertSeverity severity, String title, String description, String alertState) {
        if (alertPolicy.onEvent(key, state, Workflow.currentTimeMillis()).send()) {
            alert(severity, title, description, alertState);
        }
    }

    private void alert(AlertSeverity severity, String title, String description, String state) {
        alertSequence++;
        String workflowId = Workflow.getInfo().getWorkflowId();
        Alert alert = new Alert(
                workflowId + "/monitor-" + alertSequence + "-" + state,
                severity,
                title,
                description,
                settings.botId(),
                settings.gatewayAddress(),
                0,
                0,
                Math.max(0, (Workflow.currentTimeMillis() - monitoringSince) / 1000),
                state,
                workflowId,
                Workflow.currentTimeMillis());
        alertsInFlight.add(Async.function(alerts::sendAlert, alert));
    }

    private void upsertStrategy() {
        Workflow.upsertTypedSearchAttributes(ACTIVE_STRATEGY.valueSet(strategyActive));
        Workflow.upsertMemo(Map.of(
                "summary",
                "strategy " + strategyActive + ", phase " + phase
                        + (lastError.isBlank() ? "" : ", last: " + abbreviate(lastError))));
    }

    private void upsertGatewayState(String state) {
        Workflow.upsertTypedSearchAttributes(GATEWAY_STATE.valueSet(state));
    }

    private long intervalMillis() {
        return settings.monitorIntervalSeconds() * 1000L;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return abbreviate(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private void createStubs() {
        RetryOptions once = RetryOptions.newBuilder().setMaximumAttempts(1).build();
        Duration pingStart = Duration.ofSeconds(settings.pingScheduleToStartSeconds());
        Duration sessionWork = Duration.ofSeconds(settings.handshakeTimeoutSeconds() + 15L);
        trading = Workflow.newActivityStub(
                TradingActivities.class,
                ActivityOptions.newBuilder()
                        .setTaskQueue(settings.botTaskQueue())
                        .setScheduleToStartTimeout(pingStart)
                        .setStartToCloseTimeout(sessionWork)
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setMaximumAttempts(2)
                                .setInitialInterval(Duration.ofSeconds(1))
                                .build())
                        .build());
        tradingPing = Workflow.newActivityStub(
                TradingActivities.class,
                ActivityOptions.newBuilder()
                        .setTaskQueue(settings.botTaskQueue())
                        .setScheduleToStartTimeout(pingStart)
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .setRetryOptions(once)
                        .build());
        ActivityOptions onBotQueue = ActivityOptions.newBuilder()
                .setTaskQueue(settings.botTaskQueue())
                .setScheduleToStartTimeout(pingStart)
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setMaximumAttempts(2)
                        .setInitialInterval(Duration.ofSeconds(1))
                        .build())
                .build();
        gameplans = Workflow.newActivityStub(GameplanActivities.class, onBotQueue);
        modules = Workflow.newActivityStub(ModuleActivities.class, onBotQueue);
        gatewayCheck = Workflow.newActivityStub(
                GatewayCheckActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(sessionWork)
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

    private MonitorState snapshot() {
        return new MonitorState(
                phase,
                gatewayConnected,
                lastGatewayState,
                lastGatewayCheck,
                connectedSince,
                strategyActive,
                planStrategy,
                positionsOpen,
                lastError,
                botWorkerAlive,
                lastBotPing,
                latched,
                forcedC,
                resumeRequested,
                expectedOutage,
                disconnectTimes,
                reconnectAttempt,
                nextReconnectAt,
                nextCheckAt,
                alertSequence,
                monitoringSince,
                run + 1,
                decisions,
                pending,
                alertPolicy.snapshot());
    }

    private void restore(MonitorState s) {
        phase = s.phase();
        gatewayConnected = s.gatewayConnected();
        lastGatewayState = s.lastGatewayState();
        lastGatewayCheck = s.lastGatewayCheckEpochMillis();
        connectedSince = s.connectedSinceEpochMillis();
        strategyActive = s.strategyActive();
        planStrategy = s.planStrategy();
        positionsOpen = s.positionsOpen();
        lastError = s.lastError();
        botWorkerAlive = s.botWorkerAlive();
        lastBotPing = s.lastBotPingEpochMillis();
        latched = s.latched();
        forcedC = s.forcedStrategyC();
        resumeRequested = s.resumeRequested();
        expectedOutage = s.expectedOutage();
        disconnectTimes.addAll(s.disconnectTimes());
        reconnectAttempt = s.reconnectAttempt();
        nextReconnectAt = s.nextReconnectAtEpochMillis();
        nextCheckAt = s.nextCheckAtEpochMillis();
        alertSequence = s.alertSequence();
        monitoringSince = s.monitoringSinceEpochMillis();
        run = s.run();
        decisions.addAll(s.decisions());
        // Signals handed over by the previous run come first, before anything received by this one.
        pending.addAll(0, s.pending());
        alertPolicy = new AlertPolicy(AlertPolicy.Settings.defaults(), s.alertPolicy());
    }
}
