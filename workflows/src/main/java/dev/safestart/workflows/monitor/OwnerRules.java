package dev.safestart.workflows.monitor;

import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.ModuleStatus;
import dev.safestart.workflows.startup.Backoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The owner's rules: the one place that decides the bot's active strategy and its holds. {@code on(event, now)}
 * updates the state and returns the effects the monitor workflow must carry out (Strategy C, arm, re-validate,
 * check an engine, alert, answer an Update); the results of those effects come back as events.
 *
 * <p>Deterministic and pure like {@code AlertPolicy}: time is passed in, no clock, no I/O. Its whole memory is
 * {@link #state()}, a plain record carried across continue-as-new: {@code new OwnerRules(settings, state)}.
 *
 * <p>The invariant it keeps: the engine may trade only while the state is {@link OwnerState#ARMED}, which it
 * enters only after arming a valid plan with no hold, on the engine it validated in that engine's current epoch.
 */
public final class OwnerRules {

    /** Holds keep the bot in Strategy C; OPERATOR, STORM_LATCH and TWO_ENGINES are released only by resume. */
    public enum Hold {
        /** {@code safestart strategy-c}. */
        OPERATOR,
        /** Too many unexpected disconnections within the window. */
        STORM_LATCH,
        /** The day's gameplan is missing, invalid, or refused by the engine. */
        GAMEPLAN_REJECTED,
        /** Re-validated after a drop with AUTO_RESUME=false: waits for resume (or a new startup). */
        AWAITING_RESUME,
        /** Two live engines answered for this bot. */
        TWO_ENGINES
    }

    public record Settings(
            int maxDisconnects,
            long disconnectWindowMillis,
            boolean autoResume,
            RestartWindow restartWindow,
            int reconnectInitialSeconds,
            int reconnectMaxSeconds,
            boolean flatten,
            String botId,
            int revision) {

        /**
         * Rules as first recorded: a stray open gate during an arm is closed, a new uninitialised engine replaces the
         * validated one without asking it.
         */
        public static final int FIRST = 0;
        /** An arm in flight is not a stray open gate; a new engine is checked against the validated one first. */
        public static final int ENGINE_CHECKS = 1;
        /** A re-validation that ends in Strategy C closes a gate the engine still has open (armed before it). */
        public static final int STAY_IN_C_CLOSES_GATE = 2;

        public static final int CURRENT = STAY_IN_C_CLOSES_GATE;

        public static Settings of(MonitorSettings s) {
            return new Settings(
                    s.maxDisconnects(),
                    s.disconnectWindowSeconds() * 1000L,
                    s.autoResume(),
                    s.restartWindow().isEmpty() ? null : RestartWindow.parse(s.restartWindow()),
                    s.reconnectInitialSeconds(),
                    s.reconnectMaxSeconds(),
                    s.flattenOnDisconnect(),
                    s.botId(),
                    CURRENT);
        }

        /** The same settings under the rules of {@code revision} (the workflow's recorded version). */
        public Settings withRevision(int revision) {
            return new Settings(
                    maxDisconnects,
                    disconnectWindowMillis,
                    autoResume,
                    restartWindow,
                    reconnectInitialSeconds,
                    reconnectMaxSeconds,
                    flatten,
                    botId,
                    revision);
        }
    }

    /** The engine the owner validated (or last saw). {@code epoch} 0 = not known yet. */
    public record Engine(String engineId, long epoch, String taskQueue) {
        public Engine {
            engineId = engineId == null ? "" : engineId;
            taskQueue = taskQueue == null ? "" : taskQueue;
        }

        static Engine of(EngineSnapshot s) {
            return new Engine(s.engineId(), s.sessionEpoch(), s.engineTaskQueue());
        }

        boolean sameAs(String otherId) {
            return engineId.isEmpty() || otherId == null || otherId.isEmpty() || engineId.equals(otherId);
        }
    }

    /** The owner's whole memory (serializable). */
    public record State(
            OwnerState state,
            List<Hold> holds,
            String operatorReason,
            String holdDetail,
            GameplanCheck plan,
            String plannedStrategy,
            String strategyActive,
            boolean validated,
            Engine engine,
            String notValidatedReason,
            String otherEngineId,
            String otherEngineQueue,
            boolean gatewayConnected,
            String lastGatewayState,
            boolean botWorkerAlive,
            String lastError,
            long connectedSince,
            List<Long> disconnectTimes,
            int reconnectAttempt,
            long nextAttemptAt,
            boolean attemptInFlight,
            boolean initializeOnAttempt,
            boolean expectedOutage,
            boolean resumeRequested,
            ValidationReport pendingReport,
            boolean armingForStartup,
            int positionsOpen,
            List<MonitorDecision> decisions,
            boolean armInFlight) {

        public State {
            holds = holds == null ? List.of() : List.copyOf(holds);
            disconnectTimes = disconnectTimes == null ? List.of() : List.copyOf(disconnectTimes);
            decisions = decisions == null ? List.of() : List.copyOf(decisions);
            operatorReason = operatorReason == null ? "" : operatorReason;
            holdDetail = holdDetail == null ? "" : holdDetail;
            strategyActive = strategyActive == null ? "C" : strategyActive;
            plannedStrategy = plannedStrategy == null ? "C" : plannedStrategy;
            engine = engine == null ? new Engine("", 0, "") : engine;
            notValidatedReason = notValidatedReason == null ? "" : notValidatedReason;
            otherEngineId = otherEngineId == null ? "" : otherEngineId;
            otherEngineQueue = otherEngineQueue == null ? "" : otherEngineQueue;
            lastGatewayState = lastGatewayState == null ? GatewayState.UNKNOWN.name() : lastGatewayState;
            lastError = lastError == null ? "" : lastError;
        }

        /** A fresh owner: nothing validated, Strategy C, the first ping decides. */
        public static State initial(long now) {
            return new State(
                    OwnerState.NOT_VALIDATED,
                    List.of(),
                    "",
                    "",
                    null,
                    "C",
                    "C",
                    false,
                    null,
                    "no validation reported yet",
                    "",
                    "",
                    true,
                    GatewayState.UNKNOWN.name(),
                    true,
                    "",
                    now,
                    List.of(),
                    0,
                    0,
                    false,
                    false,
                    false,
                    false,
                    null,
                    false,
                    0,
                    List.of(),
                    false);
        }
    }

    // ---------------------------------------------------------------- events

    public sealed interface Event
            permits StartupReported,
                    LegacyStartupValidated,
                    Connection,
                    EngineSeen,
                    EngineAnnounced,
                    EngineUnreachable,
                    GatewaySeen,
                    OperatorForceC,
                    OperatorResume,
                    Tick,
                    Revalidated,
                    RevalidationFailed,
                    Armed,
                    ArmFailed,
                    StrategyCDone,
                    EngineChecked {}

    /** A startup validated the gateway and the engine ({@code reportValidation} Update). */
    public record StartupReported(ValidationReport report) implements Event {}

    /** A startup recorded before the owner existed said VALIDATED (it armed the plan itself). */
    public record LegacyStartupValidated(String strategy) implements Event {}

    /** The engine listener's signal. */
    public record Connection(ConnectionSignal signal) implements Event {}

    /** A ping or the engine watch answered. */
    public record EngineSeen(EngineSnapshot engine) implements Event {}

    /**
     * A worker started and announced its engine (signal): the owner may not see it otherwise while another engine
     * holds the watch on the bot's shared queue.
     */
    public record EngineAnnounced(EngineSnapshot engine) implements Event {}

    /** No worker answered on the bot's queue (schedule-to-start or heartbeat timeout) or the call failed. */
    public record EngineUnreachable(String detail) implements Event {}

    /** The independent gateway probe (on the monitor's queue). */
    public record GatewaySeen(ProbeOutcome outcome) implements Event {}

    public record OperatorForceC(String reason) implements Event {}

    public record OperatorResume() implements Event {}

    /** Time passed ({@code now} ≥ {@link #nextDueAt()}). */
    public record Tick() implements Event {}

    /** A {@link Revalidate} succeeded; {@code plan} is null when no gameplan path is configured. */
    public record Revalidated(EngineSnapshot engine, GameplanCheck plan) implements Event {}

    public record RevalidationFailed(String detail) implements Event {}

    public record Armed(ModuleStatus status) implements Event {}

    public record ArmFailed(String detail) implements Event {}

    /** Result of {@link EnterC}: {@code engine} null when the engine did not confirm. */
    public record StrategyCDone(EnterC command, EngineSnapshot engine, String failure) implements Event {}

    /** Result of {@link CheckEngine}: {@code engine} null when nobody answered on that engine's own queue. */
    public record EngineChecked(CheckEngine command, EngineSnapshot engine) implements Event {}

    // ---------------------------------------------------------------- effects

    public sealed interface Effect
            permits EnterC, Arm, Revalidate, CheckEngine, SendAlert, ReplyOperator, ReplyStartup {}

    /** Strategy C on the engine's queue ({@code taskQueue} blank: the bot's queue). */
    public record EnterC(
            String reason, String trigger, long detectedAt, String taskQueue, boolean flatten, boolean forOperator)
            implements Effect {}

    /**
     * activatePlan on the engine's queue; with {@code plan} null (no gameplan configured) the engine resumes the
     * plan it holds ({@code resumeStrategy}).
     */
    public record Arm(GameplanCheck plan, String taskQueue) implements Effect {}

    /**
     * A fresh validation: probe the gateway, then {@code initModules} ({@code initialize}) or {@code revalidate} on
     * the engine, then load the day's gameplan.
     */
    public record Revalidate(boolean initialize, String taskQueue) implements Effect {}

    /** Does the engine {@code engineId} still answer on its own queue? */
    public record CheckEngine(String engineId, String taskQueue) implements Effect {}

    /**
     * An alert; with a {@code changeKey} it is sent only when that key changed state (the workflow's AlertPolicy).
     */
    public record SendAlert(
            AlertSeverity severity,
            String changeKey,
            String keyState,
            String title,
            String text,
            String alertState,
            Mode mode)
            implements Effect {
        public enum Mode {
            /** Send only when {@code changeKey} changed state (and is not flapping). */
            ON_CHANGE,
            /** Send; also record {@code changeKey}'s new state if given. */
            ALWAYS,
            /** Only record {@code changeKey}'s new state (the change is already told by another alert). */
            RECORD_ONLY
        }

        SendAlert(
                AlertSeverity severity,
                String changeKey,
                String keyState,
                String title,
                String text,
                String alertState) {
            this(
                    severity,
                    changeKey,
                    keyState,
                    title,
                    text,
                    alertState,
                    changeKey == null ? Mode.ALWAYS : Mode.ON_CHANGE);
        }
    }

    /** The answer to the operator's {@code strategy-c} ({@code toForceC}) or {@code resume} Update. */
    public record ReplyOperator(OperatorReply reply, boolean toForceC) implements Effect {}

    public record ReplyStartup(OwnerDecision decision) implements Effect {}

    static final int MAX_DECISIONS = 25;
    public static final String GATEWAY_KEY = "gateway";
    public static final String WORKER_KEY = "bot worker";
    public static final String ENGINE_KEY = "engine";

    // ---------------------------------------------------------------- the rules

    private final Settings settings;
    private State s;
    private List<Effect> out;
    private long now;

    public OwnerRules(Settings settings, State state) {
        this.settings = settings;
        this.s = state;
    }

    public State state() {
        return s;
    }

    /** When the owner next needs a {@link Tick} (Long.MAX_VALUE: none). */
    public long nextDueAt() {
        return s.nextAttemptAt() > 0 && !s.attemptInFlight() ? s.nextAttemptAt() : Long.MAX_VALUE;
    }

    /** Why {@code resume} is refused now, or empty when it may go ahead. */
    public Optional<String> resumeRefusal() {
        if (s.holds().contains(Hold.TWO_ENGINES)) {
            return Optional.of("two live engines answer for bot " + settings.botId() + " ("
                    + s.engine().engineId() + " and " + s.otherEngineId() + "): stop one worker first");
        }
        if (!s.botWorkerAlive()) {
            return Optional.of("bot worker down: no fresh validation possible (" + s.lastError() + ")");
        }
        if (!s.gatewayConnected()) {
            return Optional.of("gateway not validated ("
                    + (s.lastError().isBlank() ? s.lastGatewayState() : s.lastError()) + "); resume once it is back");
        }
        return Optional.empty();
    }

    /** May the engine trade now, by the owner's word? */
    public boolean mayTrade() {
        return s.state() == OwnerState.ARMED && s.validated() && s.holds().isEmpty();
    }

    public List<Effect> on(Event event, long now) {
        this.now = now;
        this.out = new ArrayList<>();
        if (event instanceof StartupReported e) {
            onReport(e.report());
        } else if (event instanceof LegacyStartupValidated e) {
            onLegacyValidated(e.strategy());
        } else if (event instanceof Connection e) {
            onConnection(e.signal());
        } else if (event instanceof EngineSeen e) {
            onEngineSeen(e.engine());
        } else if (event instanceof EngineAnnounced e) {
            onAnnounced(e.engine());
        } else if (event instanceof EngineUnreachable e) {
            onUnreachable(e.detail());
        } else if (event instanceof GatewaySeen e) {
            onGateway(e.outcome());
        } else if (event instanceof OperatorForceC e) {
            onForceC(e.reason());
        } else if (event instanceof OperatorResume e) {
            onResume();
        } else if (event instanceof Tick e) {
            onTick();
        } else if (event instanceof Revalidated e) {
            onRevalidated(e.engine(), e.plan());
        } else if (event instanceof RevalidationFailed e) {
            onRevalidationFailed(e.detail());
        } else if (event instanceof Armed e) {
            onArmed(e.status());
        } else if (event instanceof ArmFailed e) {
            onArmFailed(e.detail());
        } else if (event instanceof StrategyCDone e) {
            onStrategyCDone(e);
        } else if (event instanceof EngineChecked e) {
            onEngineChecked(e);
        }
        List<Effect> effects = out;
        out = null;
        return effects;
    }

    // ---- startup reports

    private void onReport(ValidationReport r) {
        if (s.validated()
                && !s.engine().sameAs(r.engineId())
                && !s.engine().taskQueue().isEmpty()) {
            // Another engine validated while ours may still be alive: ask ours on its own queue first.
            s = with().pendingReport(r).build();
            decide(
                    "ENGINE_CHECK",
                    "startup " + r.startupWorkflowId(),
                    "validated engine " + r.engineId() + " while " + s.engine().engineId()
                            + " was validated; checking it on its own queue");
            out.add(new CheckEngine(s.engine().engineId(), s.engine().taskQueue()));
            return;
        }
        if (s.holds().contains(Hold.TWO_ENGINES)) {
            decide("REFUSED", "startup " + r.startupWorkflowId(), "two live engines");
            enterC("two live engines for one bot", "TWO_ENGINES", r.engineTaskQueue(), false);
            out.add(twoEnginesRefusal());
            return;
        }
        Engine engine = new Engine(r.engineId(), r.epoch(), r.engineTaskQueue());
        List<Hold> holds = without(s.holds(), Hold.AWAITING_RESUME); // a new startup is the operator's request
        s = with().validatedAt(now)
                .engine(engine)
                .botWorkerAlive(true)
                .expectedOutage(false)
                .holds(holds)
                .build();
        decide(
                "VALIDATION_REPORTED",
                "startup " + r.startupWorkflowId(),
                "engine " + shortId(r.engineId()) + " epoch " + r.epoch());
        GameplanCheck plan = r.plan();
        if (plan == null || !plan.valid()) {
            String why = plan == null ? "no gameplan" : "gameplan rejected: " + plan.rejection();
            s = with().holds(plus(s.holds(), Hold.GAMEPLAN_REJECTED))
                    .holdDetail(why)
                    .build();
            settle("C");
            out.add(new ReplyStartup(new OwnerDecision(OwnerDecision.Decision.SAFE_C, "C", why)));
            return;
        }
        s = with().plan(plan).holds(without(s.holds(), Hold.GAMEPLAN_REJECTED)).build();
        if ("C".equals(plan.strategy())) {
            settle("C");
            out.add(new ReplyStartup(new OwnerDecision(
                    OwnerDecision.Decision.SAFE_C, "C", "gameplan " + plan.date() + " selects Strategy C")));
            return;
        }
        if (!s.holds().isEmpty()) {
            String why = "held: " + holdText();
            settle("C");
            enterC(why, "HOLD", engine.taskQueue(), false);
            decide("HELD", "startup " + r.startupWorkflowId(), why);
            out.add(new ReplyStartup(new OwnerDecision(OwnerDecision.Decision.HELD, "C", why)));
            return;
        }
        arm(true);
    }

    private void onLegacyValidated(String strategy) {
        String planned = strategy == null || strategy.isBlank() ? "C" : strategy;
        s = with().validatedAt(now)
                .holds(without(s.holds(), Hold.AWAITING_RESUME))
                .build();
        s = with().plannedStrategy(planned).build();
        decide("VALIDATION_REPORTED", "startup (earlier version)", "strategy " + planned + " armed by the startup");
        if (!s.holds().isEmpty() || "C".equals(planned)) {
            settle("C");
            if (!"C".equals(planned)) {
                enterC("held: " + holdText(), "HOLD", s.engine().taskQueue(), false);
            }
            return;
        }
        s = with().state(OwnerState.ARMED).strategyActive(planned).build();
    }

    // ---- engine signals and observations

    private void onConnection(ConnectionSignal signal) {
        if (signal.kind() == ConnectionSignal.Kind.STARTUP_VALIDATED) {
            onLegacyValidated(signal.detail());
            return;
        }
        if (!signal.kind().isDisconnection()) {
            decide("RESTORE_NOTICED", signal.kind().name(), signal.detail(), signal.detectedAtEpochMillis());
            if (needsValidation() && !s.attemptInFlight() && !s.expectedOutage()) {
                s = with().nextAttemptAt(now).build(); // try re-validation now
            }
            return;
        }
        disconnected(
                signal.kind().name() + (signal.detail().isBlank() ? "" : ": " + signal.detail()),
                signal.detectedAtEpochMillis() > 0 ? signal.detectedAtEpochMillis() : now);
    }

    private void onAnnounced(EngineSnapshot e) {
        if (e == null
                || e.engineId().isEmpty()
                || e.engineId().equals(s.engine().engineId())) {
            return; // an engine the owner knows already: the watch and the checks tell its state
        }
        onEngineSeen(e);
    }

    private boolean checksEngines() {
        return settings.revision() >= Settings.ENGINE_CHECKS;
    }

    private void onEngineSeen(EngineSnapshot e) {
        boolean wasDown = !s.botWorkerAlive();
        s = with().botWorkerAlive(true).positionsOpen(e.positionsOpen()).build();
        if (wasDown) {
            decide("BOT_WORKER_BACK", "engine answered", "engine " + shortId(e.engineId()));
            out.add(new SendAlert(
                    AlertSeverity.INFO,
                    WORKER_KEY,
                    "UP",
                    "Bot worker back",
                    "The trading worker serves its task queue again (engine " + shortId(e.engineId()) + ").",
                    "WORKER_UP"));
        }
        if (s.holds().contains(Hold.TWO_ENGINES)) {
            if (e.orderGateOpen()) {
                enterC("two live engines for one bot", "TWO_ENGINES", e.engineTaskQueue(), false);
            }
            return;
        }
        if (!e.initialized()) {
            if (checksEngines()
                    && (s.validated() || s.state() == OwnerState.ARMED)
                    && !s.engine().taskQueue().isEmpty()
                    && !s.engine().sameAs(e.engineId())) {
                // A second worker, or the one that replaced a crashed worker: ask the validated engine on its own
                // queue before anything else (its gate stays as it is: only it can close its gate).
                if (!e.engineId().equals(s.otherEngineId())) {
                    decide(
                            "ENGINE_CHECK",
                            "ping",
                            "new engine " + shortId(e.engineId()) + " answered, validated engine is "
                                    + shortId(s.engine().engineId()));
                    s = with().otherEngineId(e.engineId())
                            .otherEngineQueue(e.engineTaskQueue())
                            .initializeOnAttempt(true)
                            .build();
                    out.add(new CheckEngine(s.engine().engineId(), s.engine().taskQueue()));
                }
                return;
            }
            if (s.validated() || s.state() == OwnerState.ARMED) {
                notValidated(
                        "engine " + shortId(e.engineId()) + " is not initialised (new or restarted worker)",
                        Engine.of(e),
                        true);
            } else if (!s.initializeOnAttempt() || !s.engine().engineId().equals(e.engineId())) {
                s = with().engine(Engine.of(e))
                        .initializeOnAttempt(true)
                        .notValidatedReason("engine " + shortId(e.engineId()) + " is not initialised")
                        .build();
                scheduleAttemptIfFree();
            }
            return;
        }
        if (s.validated() && !s.engine().sameAs(e.engineId())) {
            if (!s.engine().taskQueue().isEmpty()) {
                decide(
                        "ENGINE_CHECK",
                        "ping",
                        "engine " + shortId(e.engineId()) + " answered, validated engine is "
                                + shortId(s.engine().engineId()));
                if (checksEngines() && e.engineId().equals(s.otherEngineId()) && !e.orderGateOpen()) {
                    return; // already being checked
                }
                s = with().otherEngineId(e.engineId())
                        .otherEngineQueue(e.engineTaskQueue())
                        .build();
                if (checksEngines()) {
                    s = with().initializeOnAttempt(false).build();
                }
                out.add(new CheckEngine(s.engine().engineId(), s.engine().taskQueue()));
                if (e.orderGateOpen()) {
                    enterC(
                            "engine " + shortId(e.engineId()) + " is not the validated one",
                            "UNKNOWN_ENGINE",
                            e.engineTaskQueue(),
                            false);
                }
            } else {
                notValidated(
                        "engine " + shortId(e.engineId()) + " replaced validated engine "
                                + shortId(s.engine().engineId()),
                        Engine.of(e),
                        false);
            }
            return;
        }
        if (s.validated() && s.engine().engineId().isEmpty() && !e.engineId().isEmpty()) {
            s = with().engine(Engine.of(e)).build(); // identity learnt (a validation reported without one)
        }
        if (s.validated() && s.engine().epoch() == 0 && e.sessionEpoch() > 0) {
            s = with().engine(new Engine(
                            s.engine().engineId(), e.sessionEpoch(), s.engine().taskQueue()))
                    .build();
        }
        if (s.validated() && e.initialized() && !e.gatewayConnected()) {
            // A lost signal must not leave us believing the bot trades: the engine's own view wins.
            disconnected("engine reports disconnected: " + e.lastError(), now);
            return;
        }
        boolean beingArmed = checksEngines() && s.armInFlight() && s.engine().sameAs(e.engineId());
        if (e.orderGateOpen() && !mayTrade() && !beingArmed) {
            // (An arm in flight opens the gate before its result arrives; its result decides.)
            enterC("gate open while the owner holds " + s.state(), "GATE_OPEN_UNEXPECTED", e.engineTaskQueue(), false);
            return;
        }
        if (s.state() == OwnerState.ARMED && !e.orderGateOpen()) {
            // The owner believes a strategy is armed but the engine's gate is closed: recover.
            disconnected(
                    "gate closed while strategy " + s.strategyActive() + " armed"
                            + (e.lastError().isBlank() ? "" : ": " + e.lastError()),
                    now);
            return;
        }
        if (s.state() == OwnerState.ARMED
                && s.engine().epoch() > 0
                && e.sessionEpoch() != s.engine().epoch()) {
            disconnected(
                    "engine epoch moved from " + s.engine().epoch() + " to " + e.sessionEpoch() + " without the owner",
                    now);
        }
    }

    private void onUnreachable(String detail) {
        if (s.botWorkerAlive()) {
            s = with().botWorkerAlive(false)
                    .lastError("bot worker down: " + detail)
                    .build();
            decide("BOT_WORKER_DOWN", "engine watch", detail);
            out.add(new SendAlert(
                    AlertSeverity.CRITICAL,
                    WORKER_KEY,
                    "DOWN",
                    "Bot worker down",
                    "The trading worker stopped serving its task queue (" + detail + "). Its process holds the "
                            + "order gate; if it is gone no order can be sent, but nobody watches its positions. "
                            + "Restart the worker.",
                    "WORKER_DOWN"));
        }
    }

    private void onGateway(ProbeOutcome outcome) {
        s = with().lastGatewayState(outcome.state().name()).build();
        if (!outcome.ready() && (s.validated() || s.state() == OwnerState.ARMED)) {
            disconnected("independent probe: " + outcome.state() + " " + outcome.detail(), now);
        } else if (outcome.ready()
                && needsValidation()
                && !s.attemptInFlight()
                && !s.expectedOutage()
                && s.nextAttemptAt() > now) {
            s = with().nextAttemptAt(now).build(); // the gateway is back: re-validate now
        }
    }

    // ---- operator

    private void onForceC(String reason) {
        String why = reason == null || reason.isBlank() ? "forced by operator" : reason;
        s = with().holds(plus(s.holds(), Hold.OPERATOR))
                .operatorReason(why)
                .resumeRequested(false)
                .build();
        if (s.validated()) {
            settle("C");
        } else {
            s = with().strategyActive("C").build();
        }
        decide("FORCE_STRATEGY_C", "operator", why);
        out.add(new SendAlert(
                AlertSeverity.WARNING,
                null,
                null,
                "Strategy C forced by operator",
                "Reason: " + why + ". The bot places no new orders until `safestart resume " + settings.botId() + "`.",
                "STRATEGY_C"));
        enterC("forced by operator: " + why, "FORCE_STRATEGY_C", s.engine().taskQueue(), true);
    }

    private void onResume() {
        Optional<String> refused = resumeRefusal();
        if (refused.isPresent()) {
            out.add(new ReplyOperator(reply(false, "resume refused: " + refused.get()), false));
            return;
        }
        s = with().resumeRequested(true).build();
        decide("RESUME_REQUESTED", "operator", "fresh validation first");
        if (!s.attemptInFlight()) {
            startAttempt();
        }
    }

    // ---- recovery

    private void onTick() {
        if (s.nextAttemptAt() > 0 && now >= s.nextAttemptAt() && !s.attemptInFlight()) {
            if (s.holds().contains(Hold.TWO_ENGINES)) {
                s = with().nextAttemptAt(now + backoffMillis(1)).build();
                out.add(new CheckEngine(s.engine().engineId(), s.engine().taskQueue()));
                out.add(new CheckEngine(s.otherEngineId(), s.otherEngineQueue()));
                return;
            }
            startAttempt();
        }
    }

    private void startAttempt() {
        s = with().attemptInFlight(true)
                .nextAttemptAt(0)
                .reconnectAttempt(s.reconnectAttempt() + 1)
                .build();
        out.add(new Revalidate(s.initializeOnAttempt(), s.engine().taskQueue()));
    }

    private void onRevalidated(EngineSnapshot e, GameplanCheck plan) {
        boolean nightly = s.expectedOutage();
        boolean resume = s.resumeRequested();
        boolean afterDrop = s.state() == OwnerState.RECOVERING;
        List<Hold> holds = s.holds();
        s = with().validatedAt(now)
                .attemptInFlight(false)
                .engine(Engine.of(e))
                .expectedOutage(false)
                .initializeOnAttempt(false)
                .resumeRequested(false)
                .botWorkerAlive(true)
                .positionsOpen(e.positionsOpen())
                .build();
        decide(
                "REVALIDATED",
                resume ? "operator resume" : "recovery",
                "engine " + shortId(e.engineId()) + " epoch " + e.sessionEpoch());
        // The engine reloaded the gateway's account at this validation: what changed while we were not looking (a fill
        // during a drop, a moved position) is a line in history and a WARNING. Only engines that load the account
        // report one, so no earlier history holds a non-empty difference.
        if (!e.accountDifference().isBlank()) {
            decide("ACCOUNT_DIFFERENCE", "re-validation", e.accountDifference());
            out.add(new SendAlert(
                    AlertSeverity.WARNING,
                    null,
                    null,
                    "Account changed while disconnected",
                    "The gateway's account differs from what the bot expected: " + e.accountDifference()
                            + ". Check the fills and positions before anything resumes.",
                    "ACCOUNT_DIFFERENCE"));
        }
        if (plan != null) {
            if (plan.valid()) {
                holds = without(holds, Hold.GAMEPLAN_REJECTED);
                s = with().plan(plan).build();
            } else {
                holds = plus(holds, Hold.GAMEPLAN_REJECTED);
                s = with().holdDetail("gameplan rejected: " + plan.rejection())
                        .lastError("gameplan rejected: " + plan.rejection())
                        .build();
            }
        }
        if (resume) {
            holds = without(without(without(holds, Hold.OPERATOR), Hold.STORM_LATCH), Hold.AWAITING_RESUME);
            s = with().disconnectTimes(List.of()).operatorReason("").build();
        } else if (afterDrop
                && !settings.autoResume()
                && !nightly
                && !holds.contains(Hold.OPERATOR)
                && !holds.contains(Hold.STORM_LATCH)) {
            holds = plus(holds, Hold.AWAITING_RESUME);
        }
        s = with().holds(holds).build();
        // A plan to arm: the day's checked gameplan, or (no gameplan configured) the one the engine already holds.
        boolean planArmable = s.plan() != null
                ? s.plan().valid() && !"C".equals(s.plan().strategy())
                : !"C".equals(s.plannedStrategy());
        if (!holds.isEmpty() || !planArmable) {
            settle("C");
            String why = !holds.isEmpty()
                    ? "held: " + holdText()
                    : s.plan() == null ? "no gameplan to arm" : "gameplan selects Strategy C";
            decide("STAY_IN_C", "re-validated", why);
            if (settings.revision() >= Settings.STAY_IN_C_CLOSES_GATE && e.orderGateOpen()) {
                // Armed before (a resume while armed, then a reloaded plan selecting C): the engine keeps its gate
                // through a re-validation, so staying in C must close it.
                enterC("re-validated; " + why, "STAY_IN_C", s.engine().taskQueue(), false);
            }
            if (afterDrop) {
                out.add(new SendAlert(
                        holds.isEmpty() ? AlertSeverity.INFO : AlertSeverity.WARNING,
                        GATEWAY_KEY,
                        "CONNECTED",
                        "Gateway back; Strategy C held",
                        "Re-validated; " + why
                                + (holds.isEmpty()
                                        ? "."
                                        : ". Run `safestart resume " + settings.botId() + "` when safe."),
                        "REVALIDATED"));
            }
            if (resume) {
                out.add(new ReplyOperator(reply(holds.isEmpty(), "re-validated; " + why), false));
            }
            return;
        }
        if (afterDrop) {
            out.add(new SendAlert(
                    AlertSeverity.INFO,
                    GATEWAY_KEY,
                    "CONNECTED",
                    "Gateway back; trading resumed",
                    "Re-validated; strategy " + s.plannedStrategy() + " armed again.",
                    "RESUMED"));
        }
        s = with().resumeRequested(resume).build(); // remembered for the reply after arming
        arm(false);
    }

    private void onRevalidationFailed(String detail) {
        boolean resume = s.resumeRequested();
        s = with().attemptInFlight(false)
                .lastError("re-validation failed: " + detail)
                .nextAttemptAt(now + backoffMillis(Math.max(1, s.reconnectAttempt())))
                .build();
        decide("REVALIDATION_FAILED", "attempt " + s.reconnectAttempt(), detail);
        if (resume) {
            s = with().resumeRequested(false).build();
            out.add(new ReplyOperator(reply(false, "resume: fresh validation failed: " + detail), false));
        }
    }

    private void arm(boolean forStartup) {
        s = with().armingForStartup(forStartup).armInFlight(true).build();
        out.add(new Arm(s.plan(), s.engine().taskQueue()));
    }

    private void onArmed(ModuleStatus status) {
        boolean forStartup = s.armingForStartup();
        boolean resume = s.resumeRequested();
        String strategy = status.strategyActive() == null ? s.plannedStrategy() : status.strategyActive();
        Engine engine = s.engine();
        if (status.epoch() > 0) {
            engine = new Engine(
                    engine.engineId().isEmpty() ? status.engineId() : engine.engineId(),
                    status.epoch(),
                    engine.taskQueue().isEmpty() ? status.engineTaskQueue() : engine.taskQueue());
        }
        s = with().armingForStartup(false)
                .armInFlight(false)
                .resumeRequested(false)
                .engine(engine)
                .build();
        if (!s.holds().isEmpty() || !s.validated()) {
            // Something arrived while arming (operator C, a drop): the owner's word wins.
            enterC("held while arming: " + holdText(), "HOLD", s.engine().taskQueue(), false);
            answerArm(forStartup, resume, false, "held: " + holdText());
            return;
        }
        s = with().state(OwnerState.ARMED)
                .strategyActive(strategy)
                .lastError("")
                .build();
        // ARMED for a startup's report; RESUMED when the owner re-arms after C (the name operators know).
        decide(
                forStartup ? "ARMED" : "RESUMED",
                forStartup ? "startup" : resume ? "operator resume" : "recovery",
                "strategy " + strategy);
        if (resume) {
            out.add(new SendAlert(
                    AlertSeverity.INFO,
                    null,
                    null,
                    "Trading resumed",
                    "Strategy " + strategy + " active again (operator resume).",
                    "RESUMED"));
        }
        answerArm(forStartup, resume, true, "strategy " + strategy + " armed");
    }

    private void onArmFailed(String detail) {
        boolean forStartup = s.armingForStartup();
        boolean resume = s.resumeRequested();
        s = with().armingForStartup(false)
                .armInFlight(false)
                .resumeRequested(false)
                .holds(plus(s.holds(), Hold.GAMEPLAN_REJECTED))
                .holdDetail("engine refused the gameplan: " + detail)
                .build();
        settle("C");
        decide("ARM_FAILED", "activatePlan", detail);
        enterC(
                "engine refused the gameplan: " + detail,
                "ARM_FAILED",
                s.engine().taskQueue(),
                false);
        out.add(new SendAlert(
                AlertSeverity.WARNING,
                "gameplan",
                "REFUSED",
                "Gameplan refused by the engine",
                detail + ". Strategy C held: fix the gameplan, then `safestart resume " + settings.botId() + "`.",
                "STRATEGY_C"));
        answerArm(forStartup, resume, false, "engine refused the gameplan: " + detail);
    }

    private void answerArm(boolean forStartup, boolean resume, boolean armed, String why) {
        if (forStartup) {
            OwnerDecision.Decision d = armed
                    ? OwnerDecision.Decision.ARMED
                    : s.holds().contains(Hold.GAMEPLAN_REJECTED) && s.holds().size() == 1
                            ? OwnerDecision.Decision.SAFE_C
                            : OwnerDecision.Decision.HELD;
            out.add(new ReplyStartup(new OwnerDecision(d, s.strategyActive(), why)));
        }
        if (resume) {
            out.add(new ReplyOperator(reply(armed, why), false));
        }
    }

    private void onStrategyCDone(StrategyCDone done) {
        if (done.engine() != null) {
            s = with().positionsOpen(done.engine().positionsOpen())
                    .botWorkerAlive(true)
                    .build();
            if (done.command().forOperator()) {
                out.add(new ReplyOperator(
                        reply(
                                true,
                                "Strategy C confirmed by engine "
                                        + shortId(done.engine().engineId()) + " (gate closed)"),
                        true));
            }
            return;
        }
        s = with().lastError("Strategy C not confirmed by the bot worker: " + done.failure())
                .build();
        decide("STRATEGY_C_UNCONFIRMED", done.command().trigger(), done.failure());
        onUnreachable(done.failure());
        if (done.command().forOperator()) {
            out.add(new ReplyOperator(
                    reply(
                            false,
                            "Strategy C recorded, but the engine did not confirm its gate " + "closed: "
                                    + done.failure()),
                    true));
        }
    }

    private void onEngineChecked(EngineChecked checked) {
        boolean alive = checked.engine() != null
                && checked.command().engineId().equals(checked.engine().engineId());
        String asked = checked.command().engineId();
        if (s.holds().contains(Hold.TWO_ENGINES)) {
            if (!alive) {
                // One of the two is gone: no longer two; still C until a fresh validation and resume.
                String remaining = asked.equals(s.engine().engineId())
                        ? s.otherEngineId()
                        : s.engine().engineId();
                String remainingQueue = asked.equals(s.engine().engineId())
                        ? s.otherEngineQueue()
                        : s.engine().taskQueue();
                boolean initialize = checksEngines() && asked.equals(s.engine().engineId()) && s.initializeOnAttempt();
                s = with().holds(plus(without(s.holds(), Hold.TWO_ENGINES), Hold.AWAITING_RESUME))
                        .engine(new Engine(remaining, 0, remainingQueue))
                        .otherEngineId("")
                        .otherEngineQueue("")
                        .validated(false)
                        .notValidatedReason("one engine left; re-validate and resume")
                        .initializeOnAttempt(initialize)
                        .nextAttemptAt(now)
                        .build();
                decide("ONE_ENGINE_LEFT", "engine check", "engine " + shortId(asked) + " gone");
                settleNotValidated();
            }
            return;
        }
        ValidationReport report = s.pendingReport();
        if (checksEngines()
                && (!asked.equals(s.engine().engineId())
                        || (report == null && s.otherEngineId().isEmpty()))) {
            return; // an answer to a check that an earlier answer settled
        }
        String newId = report != null ? report.engineId() : s.otherEngineId();
        String newQueue = report != null ? report.engineTaskQueue() : s.otherEngineQueue();
        if (alive) {
            s = with().holds(plus(s.holds(), Hold.TWO_ENGINES))
                    .otherEngineId(newId)
                    .otherEngineQueue(newQueue)
                    .validated(false)
                    .notValidatedReason("two live engines: " + shortId(asked) + " and " + shortId(newId))
                    .pendingReport(null)
                    .nextAttemptAt(now + backoffMillis(1))
                    .build();
            s = with().state(OwnerState.REFUSED).strategyActive("C").build();
            decide("TWO_ENGINES", "engine check", shortId(asked) + " and " + shortId(newId) + " both answer");
            out.add(new SendAlert(
                    AlertSeverity.CRITICAL,
                    ENGINE_KEY,
                    "TWO_ENGINES",
                    "Two live engines for one bot",
                    "Engines " + asked + " and " + newId + " both answer for bot " + settings.botId()
                            + ". Strategy C on both; nothing is armed. Stop one worker, then `safestart resume "
                            + settings.botId() + "`.",
                    "TWO_ENGINES"));
            enterC(
                    "two live engines for one bot",
                    "TWO_ENGINES",
                    checked.command().taskQueue(),
                    false);
            enterC("two live engines for one bot", "TWO_ENGINES", newQueue, false);
            if (report != null) {
                out.add(twoEnginesRefusal());
            }
            return;
        }
        // The validated engine is gone: the other one replaced it.
        boolean initialize = checksEngines() && report == null && s.initializeOnAttempt();
        s = with().otherEngineId("").otherEngineQueue("").pendingReport(null).build();
        if (report != null) {
            s = with().validated(false).build();
            onReport(report);
        } else {
            notValidated(
                    "engine " + shortId(newId) + " replaced validated engine " + shortId(asked),
                    new Engine(newId, 0, newQueue),
                    initialize);
        }
    }

    // ---- common transitions

    private void disconnected(String trigger, long detectedAt) {
        boolean wasUp = s.gatewayConnected() || s.state() == OwnerState.ARMED || s.validated();
        s = with().gatewayConnected(false)
                .validated(false)
                .lastError(trigger)
                .notValidatedReason(trigger)
                .build();
        if (!wasUp && s.state() == OwnerState.RECOVERING) {
            decide("STILL_DISCONNECTED", trigger, "", detectedAt);
            return;
        }
        boolean expected =
                settings.restartWindow() != null && settings.restartWindow().contains(now);
        List<Long> times = new ArrayList<>(s.disconnectTimes());
        if (!expected) {
            times.add(now);
            times.removeIf(t -> t < now - settings.disconnectWindowMillis());
        }
        boolean storm = !expected && times.size() > settings.maxDisconnects();
        long next = expected ? settings.restartWindow().nextEnd(now) : now + settings.reconnectInitialSeconds() * 1000L;
        s = with().state(OwnerState.RECOVERING)
                .strategyActive("C")
                .disconnectTimes(times)
                .expectedOutage(expected)
                .reconnectAttempt(0)
                .nextAttemptAt(s.attemptInFlight() ? 0 : next)
                .build();
        decide("ENTER_STRATEGY_C", trigger, "gateway disconnected", detectedAt);
        enterC("gateway disconnected: " + trigger, trigger, s.engine().taskQueue(), settings.flatten(), detectedAt);
        if (storm && !s.holds().contains(Hold.STORM_LATCH)) {
            s = with().holds(plus(s.holds(), Hold.STORM_LATCH)).build();
            decide(
                    "LATCHED_STRATEGY_C",
                    trigger,
                    times.size() + " disconnections within " + settings.disconnectWindowMillis() / 60_000 + " min (max "
                            + settings.maxDisconnects() + ")");
            out.add(new SendAlert(
                    AlertSeverity.CRITICAL,
                    GATEWAY_KEY,
                    "DISCONNECTED",
                    "Restart storm: Strategy C latched",
                    "The gateway dropped " + times.size() + " times in " + settings.disconnectWindowMillis() / 60_000
                            + " min. The bot stays in Strategy C even after the gateway is back; investigate, then run "
                            + "`safestart resume " + settings.botId() + "`.",
                    "LATCHED",
                    SendAlert.Mode.ALWAYS));
        } else if (s.holds().contains(Hold.STORM_LATCH)) {
            decide("STILL_LATCHED", trigger, "drop during a latched restart storm; no new alert", detectedAt);
            out.add(new SendAlert(
                    AlertSeverity.CRITICAL,
                    GATEWAY_KEY,
                    "DISCONNECTED",
                    "",
                    "",
                    "DISCONNECTED",
                    SendAlert.Mode.RECORD_ONLY));
        } else if (expected) {
            out.add(new SendAlert(
                    AlertSeverity.INFO,
                    GATEWAY_KEY,
                    "DISCONNECTED",
                    "Expected nightly gateway restart",
                    "Gateway dropped inside GATEWAY_RESTART_WINDOW: Strategy C until the window ends, then automatic "
                            + "re-validation.",
                    "DISCONNECTED"));
        } else {
            out.add(new SendAlert(
                    AlertSeverity.CRITICAL,
                    GATEWAY_KEY,
                    "DISCONNECTED",
                    "Gateway dropped during trading",
                    "Trigger: " + trigger + ". The order gate closed in the worker; Strategy C entered. Reconnection "
                            + "with backoff; "
                            + (settings.autoResume()
                                    ? "AUTO_RESUME resumes after re-validation."
                                    : "after re-validation the bot waits for `safestart resume " + settings.botId()
                                            + "`."),
                    "DISCONNECTED"));
        }
    }

    /** The current engine is new, uninitialised or replaced: not validated; re-validate unless a hold exists. */
    private void notValidated(String why, Engine seen, boolean initialize) {
        boolean wasArmed = s.state() == OwnerState.ARMED;
        s = with().validated(false)
                .notValidatedReason(why)
                .engine(seen)
                .initializeOnAttempt(initialize)
                .strategyActive("C")
                .lastError(why)
                .build();
        decide("NOT_VALIDATED", "engine", why);
        out.add(new SendAlert(
                AlertSeverity.WARNING,
                ENGINE_KEY,
                "NOT_VALIDATED:" + seen.engineId(),
                "Engine not validated",
                why
                        + (s.holds().isEmpty()
                                ? ". Re-validating and re-arming by itself."
                                : ". Held (" + holdText() + "): no re-arm until `safestart resume " + settings.botId()
                                        + "`."),
                "NOT_VALIDATED"));
        if (wasArmed) {
            enterC(why, "ENGINE_CHANGED", seen.taskQueue(), false);
        }
        settleNotValidated();
    }

    private void settleNotValidated() {
        s = with().state(s.holds().contains(Hold.TWO_ENGINES) ? OwnerState.REFUSED : OwnerState.NOT_VALIDATED)
                .strategyActive("C")
                .build();
        scheduleAttemptIfFree();
    }

    private void scheduleAttemptIfFree() {
        // Re-validation only without an operator hold or latch (they need resume; resume validates first).
        boolean blocked = s.holds().contains(Hold.OPERATOR)
                || s.holds().contains(Hold.STORM_LATCH)
                || s.holds().contains(Hold.TWO_ENGINES);
        if (!blocked && !s.attemptInFlight() && s.nextAttemptAt() == 0) {
            s = with().nextAttemptAt(now).build();
        }
    }

    private boolean needsValidation() {
        return !s.validated() && s.state() != OwnerState.REFUSED;
    }

    /** Validated, in C: HELD with holds, SAFE_C without. */
    private void settle(String strategy) {
        s = with().strategyActive(strategy)
                .state(s.holds().isEmpty() ? OwnerState.SAFE_C : OwnerState.HELD)
                .build();
    }

    private void enterC(String reason, String trigger, String queue, boolean forOperator) {
        enterC(reason, trigger, queue, false, now, forOperator);
    }

    private void enterC(String reason, String trigger, String queue, boolean flatten, long detectedAt) {
        enterC(reason, trigger, queue, flatten, detectedAt, false);
    }

    private void enterC(
            String reason, String trigger, String queue, boolean flatten, long detectedAt, boolean forOperator) {
        out.add(new EnterC(reason, trigger, detectedAt, queue == null ? "" : queue, flatten, forOperator));
    }

    private ReplyStartup twoEnginesRefusal() {
        return new ReplyStartup(new OwnerDecision(
                OwnerDecision.Decision.REFUSED, "C", "refused: two live engines answer for bot " + settings.botId()));
    }

    private OperatorReply reply(boolean confirmed, String message) {
        return new OperatorReply(
                confirmed,
                s.state(),
                s.strategyActive(),
                s.holds().stream().map(Enum::name).toList(),
                message);
    }

    private String holdText() {
        List<String> parts = new ArrayList<>();
        for (Hold h : s.holds()) {
            parts.add(
                    switch (h) {
                        case OPERATOR -> "OPERATOR (" + s.operatorReason() + ")";
                        case GAMEPLAN_REJECTED -> "GAMEPLAN_REJECTED (" + s.holdDetail() + ")";
                        default -> h.name();
                    });
        }
        return String.join(", ", parts);
    }

    private long backoffMillis(int attempt) {
        return Backoff.delaySeconds(attempt, settings.reconnectInitialSeconds(), settings.reconnectMaxSeconds())
                * 1000L;
    }

    private void decide(String decision, String trigger, String detail) {
        decide(decision, trigger, detail, now);
    }

    private void decide(String decision, String trigger, String detail, long detectedAt) {
        List<MonitorDecision> list = new ArrayList<>(s.decisions());
        list.add(new MonitorDecision(decision, trigger, detail, detectedAt, now));
        while (list.size() > MAX_DECISIONS) {
            list.remove(0);
        }
        s = with().decisions(list).build();
    }

    static String shortId(String engineId) {
        return engineId == null || engineId.isEmpty()
                ? "(no id)"
                : engineId.length() <= 8 ? engineId : engineId.substring(0, 8);
    }

    private static List<Hold> plus(List<Hold> holds, Hold h) {
        if (holds.contains(h)) {
            return holds;
        }
        List<Hold> list = new ArrayList<>(holds);
        list.add(h);
        list.sort(null); // by ordinal: deterministic order
        return List.copyOf(list);
    }

    private static List<Hold> without(List<Hold> holds, Hold h) {
        return holds.stream().filter(x -> x != h).toList();
    }

    // ---- a small builder over the state record

    private Builder with() {
        return new Builder(s);
    }

    private static final class Builder {
        OwnerState state;
        List<Hold> holds;
        String operatorReason;
        String holdDetail;
        GameplanCheck plan;
        String plannedStrategy;
        String strategyActive;
        boolean validated;
        Engine engine;
        String notValidatedReason;
        String otherEngineId;
        String otherEngineQueue;
        boolean gatewayConnected;
        String lastGatewayState;
        boolean botWorkerAlive;
        String lastError;
        long connectedSince;
        List<Long> disconnectTimes;
        int reconnectAttempt;
        long nextAttemptAt;
        boolean attemptInFlight;
        boolean initializeOnAttempt;
        boolean expectedOutage;
        boolean resumeRequested;
        ValidationReport pendingReport;
        boolean armingForStartup;
        int positionsOpen;
        List<MonitorDecision> decisions;
        boolean armInFlight;

        Builder(State s) {
            state = s.state();
            holds = s.holds();
            operatorReason = s.operatorReason();
            holdDetail = s.holdDetail();
            plan = s.plan();
            plannedStrategy = s.plannedStrategy();
            strategyActive = s.strategyActive();
            validated = s.validated();
            engine = s.engine();
            notValidatedReason = s.notValidatedReason();
            otherEngineId = s.otherEngineId();
            otherEngineQueue = s.otherEngineQueue();
            gatewayConnected = s.gatewayConnected();
            lastGatewayState = s.lastGatewayState();
            botWorkerAlive = s.botWorkerAlive();
            lastError = s.lastError();
            connectedSince = s.connectedSince();
            disconnectTimes = s.disconnectTimes();
            reconnectAttempt = s.reconnectAttempt();
            nextAttemptAt = s.nextAttemptAt();
            attemptInFlight = s.attemptInFlight();
            initializeOnAttempt = s.initializeOnAttempt();
            expectedOutage = s.expectedOutage();
            resumeRequested = s.resumeRequested();
            pendingReport = s.pendingReport();
            armingForStartup = s.armingForStartup();
            positionsOpen = s.positionsOpen();
            decisions = s.decisions();
            armInFlight = s.armInFlight();
        }

        /** The gateway and the engine's session validated at {@code now}: connected, READY, no reconnection due. */
        Builder validatedAt(long now) {
            validated = true;
            notValidatedReason = "";
            gatewayConnected = true;
            lastGatewayState = GatewayState.READY.name();
            connectedSince = now;
            reconnectAttempt = 0;
            nextAttemptAt = 0;
            return this;
        }

        Builder armInFlight(boolean v) {
            armInFlight = v;
            return this;
        }

        Builder state(OwnerState v) {
            state = v;
            return this;
        }

        Builder holds(List<Hold> v) {
            holds = v;
            return this;
        }

        Builder operatorReason(String v) {
            operatorReason = v;
            return this;
        }

        Builder holdDetail(String v) {
            holdDetail = v;
            return this;
        }

        Builder plan(GameplanCheck v) {
            plan = v;
            plannedStrategy = v == null ? plannedStrategy : v.strategy();
            return this;
        }

        Builder plannedStrategy(String v) {
            plannedStrategy = v;
            return this;
        }

        Builder strategyActive(String v) {
            strategyActive = v;
            return this;
        }

        Builder validated(boolean v) {
            validated = v;
            return this;
        }

        Builder engine(Engine v) {
            engine = v;
            return this;
        }

        Builder notValidatedReason(String v) {
            notValidatedReason = v;
            return this;
        }

        Builder otherEngineId(String v) {
            otherEngineId = v;
            return this;
        }

        Builder otherEngineQueue(String v) {
            otherEngineQueue = v;
            return this;
        }

        Builder gatewayConnected(boolean v) {
            gatewayConnected = v;
            return this;
        }

        Builder lastGatewayState(String v) {
            lastGatewayState = v;
            return this;
        }

        Builder botWorkerAlive(boolean v) {
            botWorkerAlive = v;
            return this;
        }

        Builder lastError(String v) {
            lastError = v;
            return this;
        }

        Builder connectedSince(long v) {
            connectedSince = v;
            return this;
        }

        Builder disconnectTimes(List<Long> v) {
            disconnectTimes = v;
            return this;
        }

        Builder reconnectAttempt(int v) {
            reconnectAttempt = v;
            return this;
        }

        Builder nextAttemptAt(long v) {
            nextAttemptAt = v;
            return this;
        }

        Builder attemptInFlight(boolean v) {
            attemptInFlight = v;
            return this;
        }

        Builder initializeOnAttempt(boolean v) {
            initializeOnAttempt = v;
            return this;
        }

        Builder expectedOutage(boolean v) {
            expectedOutage = v;
            return this;
        }

        Builder resumeRequested(boolean v) {
            resumeRequested = v;
            return this;
        }

        Builder pendingReport(ValidationReport v) {
            pendingReport = v;
            return this;
        }

        Builder armingForStartup(boolean v) {
            armingForStartup = v;
            return this;
        }

        Builder positionsOpen(int v) {
            positionsOpen = v;
            return this;
        }

        Builder decisions(List<MonitorDecision> v) {
            decisions = v;
            return this;
        }

        State build() {
            return new State(
                    state,
                    holds,
                    operatorReason,
                    holdDetail,
                    plan,
                    plannedStrategy,
                    strategyActive,
                    validated,
                    engine,
                    notValidatedReason,
                    otherEngineId,
                    otherEngineQueue,
                    gatewayConnected,
                    lastGatewayState,
                    botWorkerAlive,
                    lastError,
                    connectedSince,
                    disconnectTimes,
                    reconnectAttempt,
                    nextAttemptAt,
                    attemptInFlight,
                    initializeOnAttempt,
                    expectedOutage,
                    resumeRequested,
                    pendingReport,
                    armingForStartup,
                    positionsOpen,
                    decisions,
                    armInFlight);
        }
    }
}
