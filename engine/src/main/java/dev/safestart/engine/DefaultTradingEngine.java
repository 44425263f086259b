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
    private final String engineId = UUID.randomUUID().toString();

    // Written once under the lock at the first initialize, read without it (volatile): an order or a status call
    // never waits behind a reconnect in progress.
    private volatile EngineSettings settings;
    private volatile BrokerSession session;
    private volatile OrderGate gate;
    private volatile RiskManager risk;
    private volatile PositionBook book;
    private volatile StrategyEngine strategy;
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
        this.connector = connector;
        this.processSettings = processSettings;
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
                OrderGate newGate = new OrderGate(requested.dryRun() ? OrderSender.dryRun(requested.botId())
                        : OrderSender.liveNotImplemented(), risk, book);
                newGate.setTrading(false, "Strategy C until a gameplan is activated");
                session = new BrokerSession(requested, connector, newGate, this::publish);
                gate = newGate;
            }
            // Idempotent: an open, validated session is reused; a dropped one is reconnected and revalidated.
            if (!gate.validatedNow()) {
                session.validate();
                publish(event(EngineEvent.Kind.VALIDATED, "trading session validated at initialize"));
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
            log.info("gameplan armed bot={} strategy={} symbols={} gateOpen={}", settings.botId(), plan.strategy(),
                    plan.symbols(), gate.isOpen());
            return status();
        }
    }

    @Override
    public OrderResult submitOrder(OrderRequest request) {
        OrderGate current = gate;
        if (current == null) {
            return new OrderResult(OrderResult.Status.REFUSED_GATE_CLOSED, request, -1,
                    "order gate closed: engine not initialized");
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
                Map<String, Integer> flattened = flatten ? book.flattenAll() : Map.of();
                report = new StrategyCReport(why, previous, cancelled, flattened, flatten, settings.dryRun(), gate.epoch());
            }
            String mode = settings.dryRun() ? "DRY_RUN (logged, not sent)" : "not sent: live submission not implemented";
            log.warn("Strategy C bot={} reason='{}' from={} cancelled={} flattened={} {}", settings.botId(), why,
                    previous, report.cancelledOrders(), report.flattenedPositions(), mode);
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
            return status();
        }
    }

    @Override
    public EngineStatus resume() throws EngineException {
        synchronized (lock) {
            requireInitialized();
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
            return new EngineStatus(false, false, false, StrategyEngine.C, 0,
                    g == null || session.lastError() == null ? "not initialized" : "not initialized: " + session.lastError(), g == null ? 0 : g.epoch(),
                    engineId, false);
        }
        int positions;
        boolean validated;
        synchronized (g) {
            positions = book.positionsOpen();
            validated = g.validatedNow();
        }
        return new EngineStatus(true, session.connected(), g.isOpen(), strategy.active(), positions,
                session.lastError(), g.epoch(), engineId, validated);
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
