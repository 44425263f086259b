package dev.safestart.workflows.startup;

import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.GameplanActivities;
import dev.safestart.workflows.GatewayActivities;
import dev.safestart.workflows.ModuleActivities;
import dev.safestart.workflows.SafestartSearchAttributes;
import dev.safestart.workflows.SettingsActivities;
import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.AttemptRecord;
import dev.safestart.workflows.model.EffectiveSettings;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GameplanRequest;
import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.GatewayTarget;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.model.ModuleStatus;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupProgress;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.monitor.MonitorLauncher;
import dev.safestart.workflows.monitor.OwnerDecision;
import dev.safestart.workflows.monitor.ValidationReport;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The startup of one bot: validate settings → (probePort → validateAuth) per attempt with a workflow-driven
 * backoff → initModules → loadGameplan → report to the bot's owner (its monitor), which arms the plan unless a
 * hold exists. Deterministic: time only from
 * {@link Workflow#currentTimeMillis()}, no I/O.
 *
 * <p>Why the retry loop lives here and not in an activity retry policy: each attempt is then its own activity
 * completion in history with its classification, and during each backoff wait a watch activity lets the next
 * attempt start the moment the gateway looks ready (readiness lag well under a second instead of up to the
 * 30 s backoff cap).
 */
public class StartupWorkflowImpl implements StartupWorkflow {

    static final String PHASE_SETTINGS = "VALIDATING_SETTINGS";
    static final String PHASE_PROBING = "PROBING";
    static final String PHASE_WAITING = "WAITING_TO_RETRY";
    static final String PHASE_MODULES = "INITIALIZING_MODULES";
    static final String PHASE_GAMEPLAN = "LOADING_GAMEPLAN";
    static final String PHASE_DONE = "DONE";
    /** What the engine reports (in initModules' detail) when the gateway's API is read-only. */
    static final String READ_ONLY_API = "read-only API: Strategy C cannot cancel orders";

    /** Change id: probePort as a local activity, beside the hedged readiness check of validateAuth. */
    static final String READINESS_CHECK = "readiness-check";

    /** Version marker: the settings come from the worker ({@link SettingsActivities}), not from the request. */
    static final String WORKER_OWNED_SETTINGS = "worker-owned-settings";
    /** From this version on the bot's owner (its monitor) arms the plan, not the startup. */
    static final String OWNER_ARMS = "owner-arms-plan";

    /**
     * Change id: resolveSettings, initModules and loadGameplan as local activities. They run on the bot's worker
     * either way; as local activities they run inside the workflow task (one marker each in history, with their
     * result) instead of costing an activity task and a workflow task apiece on the warm path.
     */
    static final String LOCAL_STEPS = "warm-start-local-steps";

    /**
     * Change id: a warm start in one workflow task. When READY is expected (attempt 1, or the watch just saw READY) and
     * the port is open, validateAuth first runs as a local activity with a short handshake budget ({@link
     * #QUICK_LOOK_SECONDS}); only a silent answer goes on to the regular validateAuth activity (the patient look, on
     * GATEWAY_HANDSHAKE_TIMEOUT). The report to the owner is a local activity too. Each step is still a marker in
     * history naming its activity type, with its input and result.
     */
    static final String ONE_TASK = "warm-start-one-task";

    /** The quick look's handshake budget: a gateway that is up answers in milliseconds. */
    static final int QUICK_LOOK_SECONDS = 2;

    /** How long past the backoff the workflow waits for the watch to end on its own before cancelling it. */
    static final long WATCH_GRACE_MILLIS = 2_000;
    /** Version marker: the backoff's safety-net timer carries a summary (an explicit, cancelled timer). */
    static final String BACKOFF_TIMER_SUMMARY = "backoff-timer-summary";

    private static final Logger log = Workflow.getLogger(StartupWorkflowImpl.class);

    private final AlertActivities alerts =
            Workflow.newActivityStub(AlertActivities.class, StartupActivityOptions.alert());
    private final List<Promise<?>> pendingAlerts = new ArrayList<>();
    private final List<AttemptRecord> attempts = new ArrayList<>();

    private String botId;
    private StartupSettings settings;
    private String phase = PHASE_SETTINGS;
    private int attempt;
    private int maxAttempts;
    private GatewayState lastState = GatewayState.UNKNOWN;
    private GatewayState publishedState;
    private String lastDetail = "";
    private long nextRetryAt;
    private StartupOutcome outcome;
    private long startedAt;
    /** This run takes the one-task warm path ({@link #ONE_TASK}); decided at the first attempt. */
    private boolean oneTask;

    @Override
    public StartupResult start(StartupRequest request) {
        startedAt = Workflow.currentTimeMillis();
        botId = request == null ? null : request.botId();
        settings = request == null ? null : request.settings();
        maxAttempts = settings == null ? 0 : settings.maxRetries();

        if (SettingsValidator.isValidBotId(botId)) {
            upsert(SafestartSearchAttributes.BOT_ID, botId);
        }
        Optional<String> refused =
                Workflow.getVersion(WORKER_OWNED_SETTINGS, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
                        ? SettingsValidator.problem(request)
                        : resolveWorkerSettings(request);
        if (refused.isPresent()) {
            // Retrying cannot fix a configuration: fail at once, without touching the gateway.
            return failed("configuration refused: " + refused.get(), "Fix the named setting and start again.");
        }
        upsertMemo("starting: bot " + botId + " against " + settings.gatewayAddress());

        GatewayTarget target = new GatewayTarget(
                settings.gatewayHost(),
                settings.gatewayPort(),
                settings.probeClientId(),
                settings.handshakeTimeoutSeconds());
        GatewayCheck ready = awaitReadyGateway(target);
        if (ready == null) {
            String reason = "gateway " + settings.gatewayAddress() + " not validated after " + attempts.size()
                    + " of " + maxAttempts + " attempts in " + elapsedSeconds() + " s (last: " + lastState
                    + "): " + FailureAdvice.forState(lastState, settings);
            return failed(reason, "Orders stay refused. Fix the cause, then run `safestart start " + botId + "`.");
        }

        if (Workflow.getVersion("account-type-check", Workflow.DEFAULT_VERSION, 1) >= 1) {
            Optional<String> wrongAccounts =
                    AccountPolicy.problem(ready.accounts(), settings.tradingMode(), settings.allowLive());
            if (wrongAccounts.isPresent()) {
                // Retrying cannot change who the gateway is logged in as: fail at once, the gate never opens.
                return failed(
                        "account check refused gateway " + settings.gatewayAddress() + ": " + wrongAccounts.get(),
                        "Orders stay refused. Log the gateway in to an account that matches TRADING_MODE="
                                + settings.tradingMode() + ", then run `safestart start " + botId + "`.");
            }
        }

        phase = PHASE_MODULES;
        ModuleActivities engine =
                Workflow.newActivityStub(ModuleActivities.class, StartupActivityOptions.engine(settings));
        // A local activity runs in the worker that runs this workflow task, so the engine initialised (whose
        // identity, epoch and own queue go to the owner) is that worker's engine, as with the activity before.
        ModuleActivities init = localSteps()
                ? Workflow.newLocalActivityStub(ModuleActivities.class, StartupActivityOptions.engineLocal(settings))
                : engine;
        ModuleStatus session;
        try {
            session = init.initModules(new ModuleInit(
                    botId, settings.gatewayHost(), settings.gatewayPort(), settings.clientId(), settings.dryRun()));
        } catch (ActivityFailure e) {
            // The gateway was validated but the trading session could not be opened: no trading at all.
            String reason = "gateway READY but the trading session (CLIENT_ID " + settings.clientId()
                    + ") could not be opened: " + rootMessage(e);
            enterStrategyCQuietly(engine, reason);
            return failed(
                    reason,
                    "Orders stay refused. Check that CLIENT_ID " + settings.clientId()
                            + " is free and the gateway accepts API clients, then start again.");
        }

        if (session != null
                && session.detail().contains(READ_ONLY_API)
                && Workflow.getVersion("read-only-api-alert", Workflow.DEFAULT_VERSION, 1) >= 1) {
            alert(
                    AlertSeverity.WARNING,
                    "read-only-api",
                    "Bot " + botId + ": " + READ_ONLY_API,
                    READ_ONLY_API + ". The gateway refuses order requests (error 321): turn off \"Read-Only API\""
                            + " in the gateway's API settings (READ_ONLY_API=no in ib-gateway-docker) if Strategy C"
                            + " must be able to cancel working orders.");
        }

        phase = PHASE_GAMEPLAN;
        GameplanActivities gameplans = localSteps()
                ? Workflow.newLocalActivityStub(GameplanActivities.class, StartupActivityOptions.gameplanLocal())
                : Workflow.newActivityStub(GameplanActivities.class, StartupActivityOptions.gameplan());
        GameplanCheck plan;
        try {
            plan = gameplans.loadGameplan(
                    new GameplanRequest(botId, settings.gameplanPath(), today(), settings.marketZone()));
        } catch (ActivityFailure e) {
            plan = GameplanCheck.rejected("file", "could not be loaded: " + rootMessage(e));
        }
        if (Workflow.getVersion(OWNER_ARMS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
            return reportToOwner(engine, session, plan, oneTask);
        }
        // Startups recorded before the bot's owner decided arming.
        if (!plan.valid()) {
            return strategyC(engine, "gameplan rejected: " + plan.rejection());
        }
        if ("C".equals(plan.strategy())) {
            return strategyC(engine, "gameplan " + plan.date() + " selects Strategy C");
        }
        try {
            engine.activatePlan(botId, plan);
        } catch (ActivityFailure e) {
            return strategyC(engine, "engine refused gameplan strategy " + plan.strategy() + ": " + rootMessage(e));
        }
        afterValidated(plan.strategy());
        return validated(plan);
    }

    /**
     * The worker owns its configuration: the first step asks the bot's worker for the settings it runs with (its
     * environment, narrowed where the request asks). The answer is in history as audit. A refusal (another bot,
     * a widening request) ends the startup FAILED before any probe.
     */
    private Optional<String> resolveWorkerSettings(StartupRequest request) {
        if (request == null) {
            return Optional.of("startup request missing");
        }
        if (!SettingsValidator.isValidBotId(botId)) {
            return SettingsValidator.problem(request);
        }
        SettingsActivities worker = localSteps()
                ? Workflow.newLocalActivityStub(SettingsActivities.class, StartupActivityOptions.resolveSettingsLocal())
                : Workflow.newActivityStub(SettingsActivities.class, StartupActivityOptions.resolveSettings());
        try {
            EffectiveSettings effective = worker.resolveSettings(request);
            settings = effective.settings();
        } catch (ActivityFailure e) {
            settings = null;
            maxAttempts = 0;
            return Optional.of(rootMessage(e));
        }
        maxAttempts = settings == null ? 0 : settings.maxRetries();
        return SettingsValidator.problem(settings);
    }

    /**
     * The gateway and the engine are validated: the bot's owner (its monitor) is told and decides. It arms the plan
     * unless a hold exists (operator Strategy C, restart-storm latch, two engines); the startup arms nothing itself.
     */
    private StartupResult reportToOwner(
            ModuleActivities engine, ModuleStatus session, GameplanCheck plan, boolean local) {
        OwnerDecision decision;
        try {
            ValidationReport report = new ValidationReport(
                    botId,
                    Workflow.getInfo().getWorkflowId(),
                    session == null ? "" : session.engineId(),
                    session == null ? 0 : session.epoch(),
                    session == null ? "" : session.engineTaskQueue(),
                    plan,
                    Workflow.currentTimeMillis());
            decision = local ? MonitorLauncher.reportValidationLocal(report) : MonitorLauncher.reportValidation(report);
        } catch (ActivityFailure e) {
            return strategyC(engine, "the bot's owner (monitor-" + botId + ") did not answer: " + rootMessage(e));
        }
        if (!plan.valid()) {
            return strategyC(engine, "gameplan rejected: " + plan.rejection());
        }
        if ("C".equals(plan.strategy())) {
            return strategyC(engine, "gameplan " + plan.date() + " selects Strategy C");
        }
        return switch (decision.decision()) {
            case ARMED -> validated(plan);
            case HELD -> heldByOwner(decision.reason());
            case REFUSED ->
                failed(
                        "the bot's owner refused: " + decision.reason(),
                        "Orders stay refused. Stop the other worker of bot " + botId + ", then `safestart resume "
                                + botId + "`.");
            case SAFE_C -> strategyC(engine, decision.reason());
        };
    }

    /** A hold exists: Strategy C, kept by the owner; the startup does not touch the engine. */
    private StartupResult heldByOwner(String reason) {
        String why = "validated, but the bot's owner " + reason;
        alert(
                AlertSeverity.WARNING,
                "strategy-c",
                "Bot " + botId + " validated but held in Strategy C",
                why + ". `safestart resume " + botId + "` releases the hold after a fresh validation.");
        return finish(StartupOutcome.STRATEGY_C, "C", why);
    }

    @Override
    public StartupProgress progress() {
        return new StartupProgress(
                botId, phase, attempt, maxAttempts, lastState, lastDetail, nextRetryAt, outcome, attempts);
    }

    // ---- the attempt loop -------------------------------------------------------------------------------

    /** Attempts until READY, maxRetries attempts, or the startup timeout. Returns the READY check or null. */
    private GatewayCheck awaitReadyGateway(GatewayTarget target) {
        // From version 1 the TCP check is a local activity: it runs inside the workflow task (no activity task round
        // trip on the warm path) and its classification is still recorded, as the local activity's marker; the
        // validateAuth activity runs the readiness check (hedged handshakes) and stays a regular activity.
        boolean localPortProbe = Workflow.getVersion(READINESS_CHECK, Workflow.DEFAULT_VERSION, 1) >= 1;
        oneTask = localPortProbe && Workflow.getVersion(ONE_TASK, Workflow.DEFAULT_VERSION, 1) >= 1;
        long deadline = startedAt + settings.startupTimeoutSeconds() * 1000L;
        boolean expectReady = true;
        for (int n = 1; n <= maxAttempts; n++) {
            attempt = n;
            phase = PHASE_PROBING;
            nextRetryAt = 0;
            // Per attempt, so the Web UI shows "attempt n/N validateAuth" on each activity (metadata only).
            GatewayActivities gateway = Workflow.newActivityStub(
                    GatewayActivities.class,
                    StartupSummaries.summarized(
                            StartupActivityOptions.validateAuth(settings),
                            StartupSummaries.attempt(n, maxAttempts, "validateAuth")));
            GatewayActivities portProbe = localPortProbe
                    ? Workflow.newLocalActivityStub(
                            GatewayActivities.class,
                            StartupSummaries.summarized(
                                    StartupActivityOptions.probePortLocal(),
                                    StartupSummaries.attempt(n, maxAttempts, "probePort")))
                    : Workflow.newActivityStub(
                            GatewayActivities.class,
                            StartupSummaries.summarized(
                                    StartupActivityOptions.probePort(),
                                    StartupSummaries.attempt(n, maxAttempts, "probePort")));
            GatewayActivities quickLook = oneTask && expectReady
                    ? Workflow.newLocalActivityStub(
                            GatewayActivities.class,
                            StartupSummaries.summarized(
                                    StartupActivityOptions.quickLookLocal(QUICK_LOOK_SECONDS),
                                    StartupSummaries.attempt(n, maxAttempts, "validateAuth (quick look)")))
                    : null;
            GatewayCheck check = runAttempt(n, target, portProbe, quickLook, gateway);
            if (check.ready()) {
                return check;
            }
            alertOnThreshold(n);
            if (n == maxAttempts) {
                break;
            }
            long remaining = deadline - Workflow.currentTimeMillis();
            if (remaining <= 0) {
                break;
            }
            long waitMillis = Math.min(
                    Backoff.delaySeconds(n, settings.retryIntervalSeconds(), settings.retryCapSeconds()) * 1000L,
                    remaining);
            boolean gatewayLooksReady = waitForRetry(target, waitMillis);
            expectReady = gatewayLooksReady;
            if (!gatewayLooksReady && Workflow.currentTimeMillis() >= deadline) {
                break;
            }
        }
        return null;
    }

    /**
     * One attempt: the TCP check, then (port open) the full API handshake with the probe client id. With a {@code
     * quickLook} (a local activity), the handshake is first tried on a short budget inside this workflow task; only if
     * the API stayed silent (nothing was sent, so no client id is held) does the regular validateAuth take over, on
     * the full handshake timeout (when that is no longer than the quick look's budget, the quick look was the check).
     */
    private GatewayCheck runAttempt(
            int n,
            GatewayTarget target,
            GatewayActivities portProbe,
            GatewayActivities quickLook,
            GatewayActivities gateway) {
        long attemptStart = Workflow.currentTimeMillis();
        String step = "probePort";
        GatewayCheck check;
        try {
            check = portProbe.probePort(target);
            if (check.portOpen()) {
                step = "validateAuth";
                GatewayTarget quick = quick(target);
                check = quickLook == null ? null : quickLook.validateAuth(quick);
                if (check == null
                        || (silent(check.state())
                                && quick.handshakeTimeoutSeconds() < target.handshakeTimeoutSeconds())) {
                    check = gateway.validateAuth(target);
                }
            }
        } catch (ActivityFailure e) {
            // Infrastructure trouble that outlived the activity's retries: this attempt tells us nothing.
            check = new GatewayCheck(
                    GatewayState.UNKNOWN,
                    false,
                    0,
                    step + " did not complete: " + rootMessage(e),
                    List.of(),
                    0,
                    Workflow.currentTimeMillis());
        }
        lastState = check.state();
        lastDetail = check.detail();
        showDetails(StartupSummaries.details(phase, n, maxAttempts, lastState));
        attempts.add(new AttemptRecord(
                n, maxAttempts, attemptStart, step, check.state(), check.latencyMs(), check.detail()));
        log.info(
                "bot {} attempt {}/{} {}: {} ({} ms) {}",
                botId,
                n,
                maxAttempts,
                step,
                check.state(),
                Math.round(check.latencyMs()),
                check.detail());
        if (publishedState != check.state()) {
            publishedState = check.state();
            upsert(SafestartSearchAttributes.GATEWAY_STATE, check.state().name());
        }
        return check;
    }

    /** The quick look's target: the same gateway and probe id, the handshake bounded by {@link #QUICK_LOOK_SECONDS}. */
    private static GatewayTarget quick(GatewayTarget target) {
        return new GatewayTarget(
                target.host(),
                target.port(),
                target.probeClientId(),
                Math.min(QUICK_LOOK_SECONDS, target.handshakeTimeoutSeconds()));
    }

    /** A quick look that heard nothing from the API: the patient look (the full handshake timeout) decides. */
    private static boolean silent(GatewayState state) {
        return state == GatewayState.API_NOT_READY
                || state == GatewayState.UNREACHABLE
                || state == GatewayState.UNKNOWN;
    }

    /**
     * Waits out one backoff while a watch activity polls the gateway. Returns true as soon as the watch says the
     * gateway looks READY (the next attempt then starts at once).
     *
     * <p>The watch itself ends after the backoff, so it normally completes on its own (no race between a timer and
     * the activity's completion). A workflow timer, {@link #WATCH_GRACE_MILLIS} later, is the safety net for a
     * watch that hangs or whose worker died: the watch is then cancelled and the cancellation awaited
     * (WAIT_CANCELLATION_COMPLETED), so its socket is closed before the next probe reuses PROBE_CLIENT_ID.
     */
    private boolean waitForRetry(GatewayTarget target, long waitMillis) {
        phase = PHASE_WAITING;
        nextRetryAt = Workflow.currentTimeMillis() + waitMillis;
        showDetails(StartupSummaries.details(phase, attempt, maxAttempts, lastState));
        GatewayActivities watcher = Workflow.newActivityStub(
                GatewayActivities.class,
                StartupSummaries.summarized(
                        StartupActivityOptions.watch(waitMillis), StartupSummaries.watch(attempt + 1)));
        GatewayState seen = lastState;
        List<Promise<GatewayCheck>> watch = new ArrayList<>(1);
        CancellationScope scope = Workflow.newCancellationScope(
                () -> watch.add(Async.function(watcher::awaitGatewayReady, target, seen, waitMillis)));
        scope.run();
        Promise<GatewayCheck> watching = watch.get(0);
        if (Workflow.getVersion(BACKOFF_TIMER_SUMMARY, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            Workflow.await(Duration.ofMillis(waitMillis + WATCH_GRACE_MILLIS), watching::isCompleted);
        } else {
            // The same safety-net timer, named for the Web UI, and cancelled once the watch is done.
            List<Promise<Void>> timer = new ArrayList<>(1);
            CancellationScope timerScope = Workflow.newCancellationScope(() -> timer.add(StartupSummaries.timer(
                    Duration.ofMillis(waitMillis + WATCH_GRACE_MILLIS),
                    StartupSummaries.backoff(waitMillis, attempt + 1))));
            timerScope.run();
            Workflow.await(() -> watching.isCompleted() || timer.get(0).isCompleted());
            if (!timer.get(0).isCompleted()) {
                timerScope.cancel();
            }
        }
        if (watching.isCompleted()) {
            GatewayCheck early = quietly(watching);
            if (early != null && early.ready()) {
                return true;
            }
            // The watch ended without seeing READY (or failed): sleep out the rest of the backoff.
            long rest = nextRetryAt - Workflow.currentTimeMillis();
            if (rest > 0) {
                StartupSummaries.timer(Duration.ofMillis(rest), StartupSummaries.backoff(rest, attempt + 1))
                        .get();
            }
            return false;
        }
        scope.cancel();
        quietly(watching);
        return false;
    }

    // ---- outcomes -----------------------------------------------------------------------------------------

    private StartupResult validated(GameplanCheck plan) {
        String reason = "gateway " + settings.gatewayAddress() + " READY at attempt " + attempt + "/" + maxAttempts
                + "; gameplan " + plan.date() + " strategy " + plan.strategy() + " armed on " + plan.symbols()
                + (settings.dryRun() ? " (DRY_RUN: no order leaves the process)" : "");
        alert(AlertSeverity.INFO, "validated", "Bot " + botId + " validated: strategy " + plan.strategy(), reason);
        return finish(StartupOutcome.VALIDATED, plan.strategy(), reason);
    }

    /**
     * A VALIDATED startup hands over to runtime monitoring: {@code monitor-<botId>} is started (or, if it still
     * runs, told of this fresh validation) by signal-with-start from an activity on the bot's worker, which holds
     * the monitor's settings. Versioned so histories recorded before the monitor existed still replay. A failure
     * here does not undo VALIDATED: the worker's own order gate and heartbeat still protect the bot.
     */
    private void afterValidated(String strategy) {
        if (Workflow.getVersion("start-runtime-monitor", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return;
        }
        try {
            MonitorLauncher.startMonitor(botId, strategy);
        } catch (ActivityFailure e) {
            alert(
                    AlertSeverity.WARNING,
                    "monitor-not-started",
                    "Runtime monitor for bot " + botId + " not started",
                    "The startup is VALIDATED but monitor-" + botId + " could not be started (" + e.getMessage()
                            + "). The worker's order gate still closes on any disconnection; start a worker that serves"
                            + " the monitor and run `safestart start " + botId + "` again.");
        }
    }

    private StartupResult strategyC(ModuleActivities engine, String reason) {
        enterStrategyCQuietly(engine, reason);
        alert(
                AlertSeverity.WARNING,
                "strategy-c",
                "Bot " + botId + " in Strategy C (cash preservation)",
                reason + ". The gateway is validated but no strategy is armed: fix the gameplan ("
                        + settings.gameplanPath() + ") and run `safestart start " + botId + "`.");
        return finish(StartupOutcome.STRATEGY_C, "C", reason);
    }

    private StartupResult failed(String reason, String whatToDo) {
        alert(
                AlertSeverity.CRITICAL,
                "failed",
                "Startup FAILED: bot " + (botId == null ? "?" : botId) + " will not trade",
                reason + ". " + whatToDo);
        return finish(StartupOutcome.FAILED, "C", reason);
    }

    private StartupResult finish(StartupOutcome result, String strategy, String reason) {
        outcome = result;
        phase = PHASE_DONE;
        nextRetryAt = 0;
        showDetails(StartupSummaries.details(phase + " " + result, attempt, maxAttempts, lastState));
        upsert(SafestartSearchAttributes.STARTUP_OUTCOME, result.name());
        upsert(SafestartSearchAttributes.ACTIVE_STRATEGY, strategy);
        if (publishedState != lastState) {
            publishedState = lastState;
            upsert(SafestartSearchAttributes.GATEWAY_STATE, lastState.name());
        }
        upsertMemo(result + " after " + attempts.size() + " attempt(s) in " + elapsedSeconds() + " s: " + reason);
        log.info("bot {} startup {}: {}", botId, result, reason);
        for (Promise<?> pending : pendingAlerts) {
            quietly(pending);
        }
        return new StartupResult(
                botId, result, strategy, lastState, reason, attempts, startedAt, Workflow.currentTimeMillis());
    }

    private void enterStrategyCQuietly(ModuleActivities engine, String reason) {
        try {
            engine.enterStrategyC(botId, reason);
        } catch (ActivityFailure e) {
            log.warn("bot {} could not confirm Strategy C: {}", botId, rootMessage(e));
        }
    }

    // ---- alerts -------------------------------------------------------------------------------------------

    private void alertOnThreshold(int n) {
        if (n == settings.warningAtAttempt()) {
            alert(AlertSeverity.WARNING, "attempt-" + n, "Gateway not ready after " + n + " attempts", thresholdText());
        }
        if (n == settings.errorAtAttempt()) {
            alert(
                    AlertSeverity.ERROR,
                    "attempt-" + n,
                    "Gateway still not ready after " + n + " attempts",
                    thresholdText());
        }
    }

    private String thresholdText() {
        return "Gateway " + settings.gatewayAddress() + " is " + lastState
                + (lastDetail.isEmpty() ? "" : " (" + lastDetail + ")")
                + ". Safestart keeps retrying up to " + maxAttempts + " attempts / " + settings.startupTimeoutSeconds()
                + " s. " + FailureAdvice.forState(lastState, settings) + ".";
    }

    /**
     * Sends an alert without blocking the startup; all are awaited before the workflow ends. The id is stable
     * per run and event ({@code <workflowId>/<runId>/<event>}) so a retried delivery is recognised, while the
     * next day's startup of the same bot (same workflow id, new run) alerts afresh.
     */
    private void alert(AlertSeverity severity, String event, String title, String description) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        String alertId = workflowId + "/" + Workflow.getInfo().getRunId() + "/" + event;
        Alert alert = new Alert(
                alertId,
                severity,
                title,
                description,
                botId,
                settings == null ? "" : settings.gatewayAddress(),
                attempt,
                maxAttempts,
                elapsedSeconds(),
                lastState.name(),
                workflowId,
                Workflow.currentTimeMillis());
        pendingAlerts.add(Async.function(alerts::sendAlert, alert));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Whether this run's settings, engine and gameplan steps are local activities ({@link #LOCAL_STEPS}). */
    private static boolean localSteps() {
        return Workflow.getVersion(LOCAL_STEPS, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    /** The current details: the settings in use (bot, gateway, mode: the worker's), then phase and last state. */
    private void showDetails(String progress) {
        Workflow.setCurrentDetails(
                settings == null ? progress : StartupSummaries.workflow(botId, settings) + "\n" + progress);
    }

    /** Today's date in the market's time zone, from workflow time: deterministic on replay. */
    private String today() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis())
                .atZone(ZoneId.of(settings.marketZone()))
                .toLocalDate()
                .toString();
    }

    private long elapsedSeconds() {
        return (Workflow.currentTimeMillis() - startedAt) / 1000;
    }

    private static void upsert(SearchAttributeKey<String> key, String value) {
        Workflow.upsertTypedSearchAttributes(key.valueSet(value));
    }

    private static void upsertMemo(String summary) {
        Workflow.upsertMemo(Map.of(SafestartSearchAttributes.MEMO_SUMMARY, summary));
    }

    /** Waits for a promise and swallows its failure: alerts and the watch never decide the outcome. */
    private static <T> T quietly(Promise<T> promise) {
        try {
            return promise.get();
        } catch (ActivityFailure | CanceledFailure e) {
            log.warn("side activity ended without result: {}", rootMessage(e));
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t instanceof TemporalFailure tf ? tf.getOriginalMessage() : t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
