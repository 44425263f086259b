package dev.safestart.worker.metrics;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.safestart.engine.EngineEvent;
import dev.safestart.engine.EngineStatus;
import dev.safestart.engine.TradingEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's metrics in one Prometheus registry: the Temporal SDK's (client, worker and workflow-scope
 * metrics, through the SDK's Micrometer reporter) and Safestart's own, served as the Prometheus text format on
 * {@code http://BIND:PORT/metrics}. Every label takes values from a fixed set: no free text, no ids.
 */
public final class WorkerMetrics implements AutoCloseable {
    /** Strategies a gauge is kept for; anything else reads "other". */
    static final List<String> STRATEGIES = List.of("A", "B", "C", "none", "other");

    private static final Pattern CLASSIFICATION = Pattern.compile("[A-Z][A-Z_]{0,40}");
    private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Scope temporalScope;
    private HttpServer server;

    public WorkerMetrics() {
        temporalScope = new RootScopeBuilder()
                .reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    }

    /** The scope to give the service stubs: SDK and workflow-scope metrics land in this registry. */
    public Scope temporalScope() {
        return temporalScope;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Serves {@code GET /metrics} on {@code bind:port} (port 0: any free port); returns the bound port. */
    public synchronized int serve(String bind, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "safestart-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        int bound = server.getAddress().getPort();
        log.info("metrics in Prometheus format on http://{}:{}/metrics", bind, bound);
        return bound;
    }

    /**
     * Gauges read from the engine's status (order gate open 0/1, active strategy 0/1 per strategy) and a
     * disconnect counter fed by the engine's connection events.
     */
    public void bindEngine(TradingEngine engine) {
        Supplier<EngineStatus> status = () -> {
            try {
                return engine.status();
            } catch (RuntimeException e) {
                return null;
            }
        };
        Gauge.builder("safestart_order_gate_open", () -> {
                    EngineStatus s = status.get();
                    return s != null && s.orderGateOpen() ? 1 : 0;
                })
                .description("1 while the trading engine's order gate is open")
                .register(registry);
        for (String strategy : STRATEGIES) {
            Gauge.builder("safestart_active_strategy", () -> {
                        EngineStatus s = status.get();
                        return s != null && strategy.equals(strategyLabel(s.strategyActive())) ? 1 : 0;
                    })
                    .tag("strategy", strategy)
                    .description("1 for the strategy the engine runs now")
                    .register(registry);
        }
        if (engine instanceof dev.safestart.engine.DefaultTradingEngine real) {
            real.onHeartbeat(this::heartbeat);
        }
        try {
            engine.addListener(this::onEngineEvent);
        } catch (UnsupportedOperationException e) {
            log.debug(
                    "engine {} reports no events: no disconnect counter",
                    engine.getClass().getSimpleName());
        }
    }

    void onEngineEvent(EngineEvent event) {
        if (event.kind() == EngineEvent.Kind.CONNECTION
                && event.brokerEvent() != null
                && event.brokerEvent().closesGate()) {
            Counter.builder("safestart_disconnects")
                    .tag("event", event.brokerEvent().name())
                    .description("trading-session drops that closed the order gate")
                    .register(registry)
                    .increment();
        }
    }

    /** One classified startup attempt ({@code step}: probePort, validateAuth, awaitGatewayReady). */
    void startupAttempt(String step, String classification) {
        Counter.builder("safestart_startup_attempts")
                .tag("step", bounded(step, STEPS))
                .tag("classification", classification(classification))
                .description("startup attempts by step and classification")
                .register(registry)
                .increment();
    }

    /** How long after the previous not-ready look the gateway was seen ready: readiness is seen at most this late. */
    void readinessLag(Duration lag) {
        Timer.builder("safestart_readiness_lag")
                .description("time from the last not-ready attempt to the ready one")
                .publishPercentileHistogram()
                .register(registry)
                .record(lag);
    }

    /** One heartbeat of the trading session: reqCurrentTime sent to currentTime answered, on the engine's socket. */
    void heartbeat(Duration roundTrip) {
        Timer.builder("safestart_heartbeat_round_trip")
                .description("the trading session's reqCurrentTime round trip")
                .publishPercentileHistogram()
                .register(registry)
                .record(roundTrip);
    }

    /** An alert delivery: {@code result} posted, logged_only, already_delivered, rejected or failed. */
    void alert(String result) {
        Counter.builder("safestart_alerts")
                .tag("result", bounded(result, ALERT_RESULTS))
                .description("alerts by what became of them")
                .register(registry)
                .increment();
    }

    void alertRetried() {
        Counter.builder("safestart_alerts_retried")
                .description("alert deliveries run again after a failure")
                .register(registry)
                .increment();
    }

    static final Set<String> STEPS = Set.of("probePort", "validateAuth", "awaitGatewayReady");
    static final Set<String> ALERT_RESULTS = Set.of("posted", "logged_only", "already_delivered", "rejected", "failed");

    static String strategyLabel(String strategy) {
        if (strategy == null || strategy.isBlank() || strategy.equalsIgnoreCase("none")) {
            return "none";
        }
        String s = strategy.trim().toUpperCase(Locale.ROOT);
        return STRATEGIES.contains(s) ? s : "other";
    }

    private static String classification(String c) {
        return c != null && CLASSIFICATION.matcher(c).matches() ? c : "OTHER";
    }

    private static String bounded(String v, Set<String> allowed) {
        return allowed.contains(v) ? v : "other";
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        try {
            temporalScope.close();
        } catch (com.uber.m3.tally.ScopeCloseException e) {
            log.debug("closing the metrics scope: {}", e.getMessage());
        }
        registry.close();
    }
}
