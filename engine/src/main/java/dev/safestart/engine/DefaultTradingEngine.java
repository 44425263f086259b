package dev.safestart.engine;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading engine: one broker session with the trading client id, the strategy engine, the risk manager and
 * the order gate. {@link #submitOrder(OrderRequest)} is the only way an order goes anywhere.
 */
public final class DefaultTradingEngine implements TradingEngine {
    private static final Logger log = LoggerFactory.getLogger(DefaultTradingEngine.class);

    private final BrokerConnector connector;
    private final UnaryOperator<EngineSettings> processSettings;
    private final List<EngineEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final java.util.function.IntPredicate paperPort;
    /** Told every heartbeat (reqCurrentTime) round trip of the trading session: the worker's metrics. */
    private volatile java.util.function.Consumer<java.time.Duration> heartbeatObserver = rtt -> {};

    private final String engineId = UUID.randomUUID().toString();

    // Written once under the lock at the first initialize, read without it (volatile): an order or a status call
    // never waits behind a reconnect in progress.
    private volatile EngineSettings settings;
    private volatile BrokerSession session;
    private volatile OrderGate gate;
    private volatile RiskManager risk;
    private volatile PositionBook book;
    private volatile StrategyEngine strategy;
    private volatile AccountSync account;
    /** Strategy C asked to flatten while the session was down: done at the next validation, before any resume. */
    private volatile boolean flattenPending;
    // True once a trading session was validated: before that the engine claims neither a session nor a validation.
    private volatile boolean initialized;

    public DefaultTradingEngine(BrokerConnector connector) {
        this(connector, UnaryOperator.identity());
    }

    /**
     * @param processSettings applied to every {@link #initialize} request: the worker process's own settings that
     *                        the workflow does not carry (HEARTBEAT_INTERVAL, FLATTEN_ON_DISCONNECT, handshake timeout)
     */
    public DefaultTradingEngine(BrokerConnector connector, UnaryOperator<EngineSettings> processSettings) {
        this(connector, processSettings, AccountGuard.PAPER_PORTS::contains);
    }

    /** Tests: which ports count as paper ports (a simulator listens on an ephemeral one). */
    DefaultTradingEngine(
            BrokerConnector connector,
            UnaryOperator<EngineSettings> processSettings,
            java.util.function.IntPredicate paperPort) {
        this.connector = connector;
        this.processSettings = processSettings;
        this.paperPort = paperPort;
    }

    @Override
    public EngineStatus initialize(EngineSettings asked) throws EngineException {
        EngineSettings requested = processSettings.apply(asked);
        synchronized (lock) {
            if (settings != null && !settings.equals(requested)) {
                throw new EngineException("engine already initialized for bot " + settings.botId() + " at "
                        + settings.gatewayHost() + ":" + settings.gatewayPort() + " client id " + settings.clientId()
                        + "; refusing different settings");
            }
            if (settings == null) {
                settings = requested;
                risk = new RiskManager();
                book = new PositionBook();
                strategy = new StrategyEngine();
                java.util.concurrent.atomic.AtomicReference<BrokerSession> sessionRef =
                        new java.util.concurrent.atomic.AtomicReference<>();
                OrderSender sender = requested.dryRun()
                        ? OrderSender.dryRun(requested.botId())
                        : paperPort.test(requested.gatewayPort())
                                ? OrderSender.paper(
                                        requested.botId(),
                                        () -> sessionRef.get() == null
                                                ? null
                                                : sessionRef.get().connection())
                                : OrderSender.liveNotImplemented();
                OrderGate newGate = new OrderGate(sender, risk, book);
                newGate.setTrading(false, "Strategy C until a gameplan is activated");
                session = new BrokerSession(
                        requested, connector, newGate, this::publish, paperPort, rtt -> heartbeatObserver.accept(rtt));
                sessionRef.set(session);
                account = new AccountSync(requested.clientId());
                gate = newGate;
            }
            // Idempotent: an open, validated session is reused; a dropped one is reconnected and revalidated.
            if (!gate.validatedNow()) {
                session.validate();
                publish(event(EngineEvent.Kind.VALIDATED, "trading session validated at initialize"));
                syncAccount();
            }
            initialized = true;
            return status();
        }
    }

    @Override
    public EngineStatus activate(TradingPlan plan) throws EngineException {
        synchronized (lock) {
            requireInitialized();
            if (plan == null) {
                throw new EngineException("no trading plan");
            }
            try {
                risk.arm(plan.maxDailyLossPct(), plan.maxSinglePosition());
                strategy.arm(plan.strategy());
            } catch (IllegalArgumentException e) {
                throw new EngineException("trading plan refused: " + e.getMessage(), e);
            }
            gate.setTrading(strategy.trades(), "Strategy C: " + strategy.lastCReason());
            log.info(
                    "gameplan armed bot={} strategy={} symbols={} gateOpen={}",
                    settings.botId(),
                    plan.strategy(),
                    plan.symbols(),
                    gate.isOpen());
            return status();
        }
    }

    @Override
    public OrderResult submitOrder(OrderRequest request) {
        OrderGate current = gate;
        if (current == null) {
            return new OrderResult(
                    OrderResult.Status.REFUSED_GATE_CLOSED, request, -1, "order gate closed: engine not initialized");
        }
        return current.submit(request);
    }

    @Override
    public void enterStrategyC(String reason) {
        enterStrategyC(reason, settings != null && settings.flattenOnDisconnect());
    }

    @Override
    public StrategyCReport enterStrategyC(String reason, boolean flatten) {
        String why = reason == null || reason.isBlank() ? "unspecified" : reason;
        OrderGate closeNow = gate;
        if (closeNow != null) {
            // At once, even if a reconnect holds the engine lock: no new order passes from here on.
            closeNow.setTrading(false, "Strategy C: " + why);
        }
        synchronized (lock) {
            if (gate == null) {
                return new StrategyCReport(why, "C", List.of(), Map.of(), flatten, true, -1);
            }
            // Gate first: no new order may pass while the rest happens.
            gate.setTrading(false, "Strategy C: " + why);
            String previous = strategy.active();
            strategy.enterC(why);
            StrategyCReport report;
            synchronized (gate) {
                List<String> cancelled = book.cancelWorkingOrders().stream()
                        .map(o -> o.side() + " " + o.quantity() + " " + o.symbol() + " @" + o.limitPrice())
                        .toList();
                boolean validNow = gate.validatedNow();
                if (flatten && !validNow && !settings.dryRun()) {
                    flattenPending = true; // the session is down: close the positions once it is back and validated
                }
                Map<String, Integer> flattened = !flatten
                        ? Map.of()
                        : settings.dryRun() ? book.flattenAll() : validNow ? flattenAtGateway() : Map.of();
                report = new StrategyCReport(
                        why, previous, cancelled, flattened, flatten, settings.dryRun(), gate.epoch());
            }
            // Outside the gate's lock (network waits): the bot's own working orders at the gateway, never another
            // client's.
            List<String> atGateway = cancelOwnGatewayOrders();
            if (!atGateway.isEmpty()) {
                List<String> all = new java.util.ArrayList<>(report.cancelledOrders());
                all.addAll(atGateway);
                report = new StrategyCReport(
                        report.reason(),
                        report.previousStrategy(),
                        all,
                        report.flattenedPositions(),
                        report.flattenRequested(),
                        report.dryRun(),
                        report.sessionEpoch());
            }
            String mode =
                    settings.dryRun() ? "DRY_RUN (logged, not sent)" : "not sent: live submission not implemented";
            log.warn(
                    "Strategy C bot={} reason='{}' from={} cancelled={} flattened={} {}",
                    settings.botId(),
                    why,
                    previous,
                    report.cancelledOrders(),
                    report.flattenedPositions(),
                    mode);
            publish(event(EngineEvent.Kind.STRATEGY_C, why));
            return report;
        }
    }

    @Override
    public EngineStatus revalidate() throws EngineException {
        synchronized (lock) {
            requireInitialized();
            session.validate();
            initialized = true;
            publish(event(EngineEvent.Kind.VALIDATED, "trading session revalidated"));
            syncAccount();
            if (flattenPending) {
                Map<String, Integer> closed;
                synchronized (gate) {
                    closed = flattenAtGateway();
                }
                flattenPending = false;
                String detail = "FLATTEN_ON_DISCONNECT: closed after re-validation " + closed;
                log.warn("bot={} {}", settings.botId(), detail);
                publish(event(EngineEvent.Kind.STRATEGY_C, detail));
            }
            return status();
        }
    }

    @Override
    public EngineStatus resume() throws EngineException {
        synchronized (lock) {
            requireInitialized();
            if (flattenPending) {
                throw new EngineException(
                        "cannot resume: FLATTEN_ON_DISCONNECT still has positions to close after re-validation");
            }
            if (!gate.validatedNow()) {
                throw new EngineException("cannot resume: session not validated since '" + gate.closedReason()
                        + "'; a fresh validation is required");
            }
            if (strategy.planned() == null) {
                throw new EngineException("cannot resume: no gameplan activated");
            }
            strategy.resume();
            gate.setTrading(strategy.trades(), "Strategy C: " + strategy.lastCReason());
            publish(event(EngineEvent.Kind.RESUMED, "resumed strategy " + strategy.active()));
            return status();
        }
    }

    /** Today's loss as a fraction of equity, for the daily-loss limit. */
    public void recordDailyLoss(double lossPct) {
        synchronized (lock) {
            if (gate != null) {
                synchronized (gate) {
                    risk.recordDailyLoss(lossPct);
                }
            }
        }
    }

    /** Observes every heartbeat round trip of the trading session (called on the heartbeat thread; keep it cheap). */
    public void onHeartbeat(java.util.function.Consumer<java.time.Duration> observer) {
        heartbeatObserver = observer == null ? rtt -> {} : observer;
    }

    @Override
    public void addListener(EngineEventListener listener) {
        listeners.add(listener);
    }

    public void removeListener(EngineEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public EngineStatus status() {
        OrderGate g = gate;
        if (g == null || !initialized) {
            return new EngineStatus(
                    false,
                    false,
                    false,
                    StrategyEngine.C,
                    0,
                    g == null || session.lastError() == null
                            ? "not initialized"
                            : "not initialized: " + session.lastError(),
                    g == null ? 0 : g.epoch(),
                    engineId,
                    false,
                    0,
                    "");
        }
        int positions;
        boolean validated;
        synchronized (g) {
            positions = book.positionsOpen();
            validated = g.validatedNow();
        }
        AccountSync a = account;
        return new EngineStatus(
                true,
                session.connected(),
                g.isOpen(),
                strategy.active(),
                positions,
                withReadOnlyWarning(session.lastError()),
                g.epoch(),
                engineId,
                validated,
                a == null ? 0 : a.openOrders(),
                a == null ? "" : a.lastDifference());
    }

    /**
     * Closes every position the gateway and the engine know of with market orders through the gate's closing path
     * (under the gate's lock; each is only handed to the session's writer). Returns symbol → signed quantity sent.
     */
    private Map<String, Integer> flattenAtGateway() {
        Map<String, Integer> sent = new java.util.LinkedHashMap<>();
        Map<String, Integer> positions = new java.util.LinkedHashMap<>(account.positionsBySymbol());
        for (String symbol : List.copyOf(positions.keySet())) {
            int q = book.position(symbol);
            if (q == 0) {
                continue;
            }
            OrderRequest close =
                    OrderRequest.market(symbol, q > 0 ? OrderRequest.Side.SELL : OrderRequest.Side.BUY, Math.abs(q));
            OrderResult r = gate.submitClosing(close);
            log.warn(
                    "Strategy C flatten bot={} {} {} {}: {} {}",
                    settings.botId(),
                    close.side(),
                    close.quantity(),
                    symbol,
                    r.status(),
                    r.detail());
            if (r.accepted()) {
                sent.put(symbol, close.signedQuantity());
            }
        }
        return sent;
    }

    /**
     * Strategy C's cancels at the gateway: the working orders placed with this engine's CLIENT_ID (as last loaded),
     * each with its result. DRY_RUN: logged, not sent.
     */
    private List<String> cancelOwnGatewayOrders() {
        AccountSync a = account;
        if (a == null) {
            return List.of();
        }
        List<dev.safestart.tws.AccountLoader.WorkingOrder> own = a.ownWorkingOrders();
        if (own.isEmpty()) {
            return List.of();
        }
        Map<Long, String> results;
        if (settings.dryRun()) {
            results = new java.util.LinkedHashMap<>();
            for (var w : own) {
                results.put(w.order().orderId(), "DRY_RUN: cancel logged, not sent");
            }
        } else {
            results = session.cancelOrders(
                    own.stream().map(w -> w.order().orderId()).toList());
        }
        List<String> lines = new java.util.ArrayList<>();
        for (var w : own) {
            var o = w.order();
            String line = "gateway order " + o.orderId() + " " + o.action() + " "
                    + o.totalQuantity().toPlainString() + " "
                    + o.contract().symbol() + " " + o.orderType() + (o.lmtPrice() == null ? "" : " @" + o.lmtPrice())
                    + ": " + results.get(o.orderId());
            log.warn("Strategy C bot={} {}", settings.botId(), line);
            lines.add(line);
        }
        return lines;
    }

    /**
     * Loads positions, working orders and executions from the gateway and compares them with what the engine knew;
     * a difference is published (ACCOUNT_DIFFERENCE, a WARNING for the monitor) and kept in status. A load that fails
     * leaves the last known account and says so in the log: validation itself stands.
     */
    private void syncAccount() {
        AccountSnapshot snapshot;
        try {
            snapshot = session.loadAccount();
        } catch (Exception e) {
            log.warn("account not loaded from the gateway bot={}: {}", settings.botId(), e.toString());
            return;
        }
        String difference = account.refresh(snapshot);
        synchronized (gate) {
            book.syncFromGateway(account.positionsBySymbol(), !settings.dryRun());
        }
        if (!difference.isEmpty()) {
            log.warn("bot={} {}", settings.botId(), difference);
            publish(event(EngineEvent.Kind.ACCOUNT_DIFFERENCE, difference));
        }
    }

    /** A read-only API stays in status for as long as the engine lives: it is a setting, not an event. */
    private String withReadOnlyWarning(String lastError) {
        if (!session.readOnlyApi()) {
            return lastError;
        }
        return lastError == null || lastError.isEmpty()
                ? BrokerSession.READ_ONLY_WARNING
                : BrokerSession.READ_ONLY_WARNING + "; " + lastError;
    }

    /** True once the API was found read-only (probe at validation, or any 321 on an order request). */
    public boolean readOnlyApi() {
        BrokerSession s = session;
        return s != null && s.readOnlyApi();
    }

    @Override
    public String engineId() {
        return engineId;
    }

    /** The settings the engine was initialized with, or null. */
    public EngineSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (session != null) {
                session.close();
            }
        }
    }

    private void requireInitialized() throws EngineException {
        if (settings == null) {
            throw new EngineException("engine not initialized (initModules has not run)");
        }
    }

    private EngineEvent event(EngineEvent.Kind kind, String detail) {
        return new EngineEvent(kind, null, detail, gate.epoch(), gate.isOpen(), System.currentTimeMillis(), 0);
    }

    private void publish(EngineEvent event) {
        for (EngineEventListener listener : listeners) {
            try {
                listener.onEngineEvent(event);
            } catch (RuntimeException e) {
                log.error("engine listener {} failed on {}", listener, event.kind(), e);
            }
        }
    }
}
