package dev.safestart.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's HTTP control API (JDK HttpServer, JSON by Jackson):
 * <ul>
 *   <li>{@code POST /mode/<MODE>?param=value…} — switch mode; 200 with the status, 400 naming a bad mode or
 *   parameter</li>
 *   <li>{@code GET /status} — mode, parameters, port, listening, open sessions and their client ids</li>
 *   <li>{@code POST /scenario} — body: a scenario JSON, or {@code ?name=classic}; replaces a running one (202)</li>
 *   <li>{@code GET /scenario} — the running scenario's timeline; {@code DELETE /scenario} cancels it</li>
 * </ul>
 * Listens where {@link ControlAccess} says (loopback by default; elsewhere only with a bearer token) and
 * refuses requests a browser sends on behalf of another site (Origin / Sec-Fetch-Site), so a web page
 * cannot switch the gateway under a bot.
 */
final class ControlServer {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    private final GatewaySimulator sim;
    private final HttpServer server;
    private final ExecutorService threads;
    private final ControlAccess access;
    private volatile ScenarioPlayer scenario;

    private ControlServer(GatewaySimulator sim, HttpServer server, ExecutorService threads, ControlAccess access) {
        this.sim = sim;
        this.server = server;
        this.threads = threads;
        this.access = access;
    }

    static ControlServer start(GatewaySimulator sim, int port, ControlAccess access) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(access.bindAddress(), port), 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sim-control");
            t.setDaemon(true);
            return t;
        });
        ControlServer control = new ControlServer(sim, server, threads, access);
        server.createContext("/", control::handle);
        server.setExecutor(threads);
        server.start();
        return control;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String host() {
        return access.bindAddress();
    }

    void stop() {
        ScenarioPlayer running = scenario;
        if (running != null) {
            running.cancel();
        }
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            try {
                String refused = crossSite(exchange);
                if (refused != null) {
                    reply(exchange, 403, error(refused));
                    return;
                }
                if (!access.authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    reply(exchange, 401, error("this control API needs 'Authorization: Bearer <token>'"));
                    return;
                }
                if (path.equals("/status")) {
                    requireMethod(method, "GET");
                    reply(exchange, 200, statusJson());
                } else if (path.startsWith("/mode/")) {
                    requireMethod(method, "POST");
                    SimMode mode = SimMode.parse(path.substring("/mode/".length()));
                    sim.setMode(mode, query);
                    reply(exchange, 200, statusJson());
                } else if (path.equals("/account")) {
                    if (method.equals("POST")) {
                        AccountControl.apply(sim, parseJson(body(exchange)));
                    } else {
                        requireMethod(method, "GET");
                    }
                    reply(exchange, 200, AccountControl.json(sim.account()));
                } else if (path.equals("/scenario")) {
                    handleScenario(exchange, method, query);
                } else {
                    reply(
                            exchange,
                            404,
                            error("no such endpoint " + path + "; try POST /mode/<MODE>, GET /status,"
                                    + " POST|GET|DELETE /scenario, POST|GET /account"));
                }
            } catch (MethodNotAllowed e) {
                reply(exchange, 405, error(e.getMessage()));
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, error(e.getMessage()));
            } catch (IllegalStateException e) {
                reply(exchange, 409, error(e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("control API {} {} failed", method, path, e);
                reply(exchange, 500, error("internal error: " + e));
            }
        }
    }

    /** Why a browser request from another site is refused, or null for a request a tool or this origin sent. */
    private static String crossSite(HttpExchange exchange) {
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "cross-site request refused (Sec-Fetch-Site: " + site + ")";
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && (host == null || !origin.equals("http://" + host))) {
            return "cross-origin request refused (Origin: " + origin + ")";
        }
        return null;
    }

    private void handleScenario(HttpExchange exchange, String method, Map<String, String> query) throws IOException {
        switch (method) {
            case "POST" -> {
                Scenario story;
                if (query.containsKey("name")) {
                    story = Scenario.builtIn(query.get("name"));
                } else {
                    story = Scenario.fromJson(body(exchange));
                }
                ScenarioPlayer previous = scenario;
                if (previous != null) {
                    previous.cancel();
                }
                scenario = sim.play(story);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("scenario", story.name());
                out.put("steps", story.steps().size());
                out.put("startedAt", scenario.startedAt().toString());
                reply(exchange, 202, out);
            }
            case "GET" -> reply(exchange, 200, scenarioJson());
            case "DELETE" -> {
                ScenarioPlayer running = scenario;
                if (running != null) {
                    running.cancel();
                }
                reply(exchange, 200, scenarioJson());
            }
            default -> throw new MethodNotAllowed(method + " /scenario: use POST, GET or DELETE");
        }
    }

    private Map<String, Object> scenarioJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        ScenarioPlayer running = scenario;
        if (running == null) {
            out.put("scenario", null);
            return out;
        }
        out.put("scenario", running.scenario().name());
        out.put("done", running.isDone());
        out.put("cancelled", running.isCancelled());
        out.put("readyAt", running.readyAt().map(Object::toString).orElse(null));
        out.put(
                "timeline",
                running.timeline().stream()
                        .map(c -> Map.of("mode", c.mode().name(), "at", c.at().toString()))
                        .toList());
        running.failure().ifPresent(f -> out.put("failure", f));
        return out;
    }

    private Map<String, Object> statusJson() {
        return statusJson(sim.status());
    }

    /** The status as JSON-ready maps (also used by the CLI). */
    static Map<String, Object> statusJson(SimStatus status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", status.mode().name());
        out.put("params", status.params());
        out.put("modeSince", status.modeSince().toString());
        out.put("host", status.bindAddress());
        out.put("port", status.port());
        out.put("controlPort", status.controlPort());
        out.put("listening", status.listening());
        out.put("clientIds", status.clientIds());
        out.put(
                "sessions",
                status.sessions().stream()
                        .map(s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", s.id());
                            m.put("remote", s.remote());
                            m.put("clientId", s.clientId());
                            m.put("serverVersion", s.serverVersion());
                            m.put("state", s.state());
                            m.put("connectedAt", s.connectedAt().toString());
                            return m;
                        })
                        .toList());
        SimStatus.Counters c = status.counters();
        out.put(
                "counters",
                Map.of(
                        "accepted",
                        c.accepted(),
                        "acceptedWhileSilent",
                        c.acceptedWhileSilent(),
                        "peakOpen",
                        c.peakOpen(),
                        "errors326",
                        c.errors326(),
                        "minSilentAcceptGapMs",
                        c.minSilentAcceptGapMs()));
        return out;
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void requireMethod(String method, String expected) {
        if (!expected.equals(method)) {
            throw new MethodNotAllowed(method + " not allowed here; use " + expected);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IllegalArgumentException("request body larger than 1 MiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' given twice");
            }
        }
        return out;
    }

    private static void reply(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String message) {
            super(message);
        }
    }
}
