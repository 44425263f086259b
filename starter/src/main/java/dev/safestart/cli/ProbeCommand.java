package dev.safestart.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.safestart.tws.GatewayProbe;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ReadinessCheck;
import dev.safestart.tws.ReadinessResult;
import dev.safestart.worker.logging.LogSetup;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code safestart probe}: one TWS API probe. Exit 0 only when the API is READY (authenticated, accounts and a
 * next order id received), so it doubles as the container health check that tells port-open from API-ready.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ProbeCommand.EXIT_USAGE,
        description = {
            "Probe a gateway's TWS API once and classify it: READY, PORT_CLOSED, UNREACHABLE, API_NOT_READY,",
            "CLOSED_BEFORE_READY, CLIENT_ID_IN_USE, NOT_AUTHENTICATED, VERSION_UNSUPPORTED or PROTOCOL_ERROR.",
            "The probe ends within the connect time (at most 5 s) plus --timeout.",
            "With --wait SECONDS it blocks until READY or that long, running the readiness check the startup",
            "uses (a long handshake plus hedged ones, first READY wins), and prints the last classification."
        },
        footer = {"", "Exit codes:", "  0  READY", "  1  any other classification", "  64 bad arguments"})
public final class ProbeCommand implements Callable<Integer> {
    static final int EXIT_READY = 0;
    static final int EXIT_NOT_READY = 1;
    static final int EXIT_USAGE = ExitCodes.USAGE; // as every other command: never mistaken for an outcome
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliEnvironment env;

    /** @param env where CLIENT_ID (the trading client id, when this runs beside a worker) is read from */
    public ProbeCommand(CliEnvironment env) {
        this.env = env;
    }

    public ProbeCommand() {
        this(CliEnvironment.system());
    }

    @Option(names = "--host", required = true, description = "Gateway host.")
    String host;

    @Option(names = "--port", required = true, description = "Gateway API port (4002/7497 paper, 4001/7496 live).")
    int port;

    @Option(
            names = "--client-id",
            defaultValue = "100",
            description = "API client id for the probe (default ${DEFAULT-VALUE}, the PROBE_CLIENT_ID;"
                    + " never the trading CLIENT_ID).")
    int clientId;

    @Option(
            names = "--timeout",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description =
                    "Seconds the API handshake may take up to READY (default ${DEFAULT-VALUE}; decimals allowed).")
    double timeoutSeconds;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            description = "Block until READY or this many seconds (decimals allowed);"
                    + " --timeout then bounds each single handshake.")
    Double waitSeconds;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LogSetup.cli(false); // stdout carries the JSON (or the verdict) alone; warnings go to stderr
        ProbeRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("safestart probe: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        Optional<String> collision = tradingIdCollision();
        if (collision.isPresent()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("safestart probe: " + collision.get());
            err.flush();
            return EXIT_USAGE;
        }
        if (waitSeconds != null && (!(waitSeconds > 0) || waitSeconds > 86_400)) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("safestart probe: --wait " + waitSeconds + " must be more than 0 and at most 86400 seconds");
            err.flush();
            return EXIT_USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        ProbeResult result;
        if (waitSeconds == null) {
            result = GatewayProbe.probe(request);
            out.println(json ? JSON.writeValueAsString(toJson(result)) : human(result));
        } else {
            Duration wait = Duration.ofMillis(Math.max(1, Math.round(waitSeconds * 1000)));
            ReadinessResult waited = new ReadinessCheck(request, wait, true, null).run();
            result = waited.result();
            Map<String, Object> m = toJson(result);
            m.put("waitedMs", Math.round(waited.elapsedMs()));
            m.put("connections", waited.connections());
            m.put("hedges", waited.hedges());
            m.put("refusedConnects", waited.refused());
            m.put("peakOpen", waited.peakOpen());
            out.println(
                    json
                            ? JSON.writeValueAsString(m)
                            : human(result) + System.lineSeparator() + "  waited "
                                    + Math.round(waited.elapsedMs()) + " ms: " + waited.connections()
                                    + " connection(s), "
                                    + waited.hedges() + " hedged, " + waited.refused() + " refused, at most "
                                    + waited.peakOpen() + " open");
        }
        out.flush();
        return result.isReady() ? EXIT_READY : EXIT_NOT_READY;
    }

    /**
     * A probe never uses the trading client id: with CLIENT_ID in the environment (the worker's, when this runs in its
     * container or shell), a --client-id equal to it, or with --wait a derived id
     * ({@link ReadinessCheck#probeClientIds}) equal to it, is refused: a probe with that id would collide with the
     * bot's own session (error 326).
     */
    private Optional<String> tradingIdCollision() {
        String raw = env.get("CLIENT_ID", null);
        if (raw == null) {
            return Optional.empty();
        }
        int trading;
        try {
            trading = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return Optional.of("CLIENT_ID='" + raw + "' is not a whole number (the trading client id, which a probe"
                    + " must never use)");
        }
        if (waitSeconds == null) {
            return clientId == trading
                    ? Optional.of("--client-id " + clientId + " is CLIENT_ID, the trading client id: a probe must"
                            + " never use it (PROBE_CLIENT_ID, default 100, is meant for probes)")
                    : Optional.empty();
        }
        List<Integer> ids = ReadinessCheck.probeClientIds(clientId);
        return ReadinessCheck.collides(clientId, trading)
                ? Optional.of("--wait uses client ids " + ids.get(0) + ".." + ids.get(ids.size() - 1) + " (--client-id "
                        + clientId + " and the next " + (ids.size() - 1) + "), which include CLIENT_ID " + trading
                        + ", the trading client id: choose a --client-id outside " + (trading - ids.size() + 1) + ".."
                        + trading)
                : Optional.empty();
    }

    private ProbeRequest request() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw new IllegalArgumentException(
                    "--timeout " + timeoutSeconds + " must be more than 0 and at most 3600 seconds");
        }
        Duration handshake = Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
        Duration connect = handshake.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? handshake : MAX_CONNECT_TIMEOUT;
        try {
            return ProbeRequest.of(host, port, clientId).withTimeouts(connect, handshake);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage().replace("port ", "--port ").replace("client id ", "--client-id "), e);
        }
    }

    static Map<String, Object> toJson(ProbeResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", r.state().name());
        m.put("ready", r.isReady());
        m.put("host", r.host());
        m.put("port", r.port());
        m.put("clientId", r.clientId());
        m.put("accounts", r.accounts());
        // paper ids start with D (DU…, DF…); MIXED when the gateway manages both kinds, null before READY
        m.put(
                "accountType",
                r.accounts().isEmpty()
                        ? null
                        : dev.safestart.workflows.startup.AccountPolicy.typeOf(r.accounts())
                                .map(Enum::name)
                                .orElse("MIXED"));
        m.put("serverVersion", r.serverVersion() > 0 ? r.serverVersion() : null);
        m.put("nextOrderId", r.nextOrderId() >= 0 ? r.nextOrderId() : null);
        m.put("connectionTime", r.connectionTime().isEmpty() ? null : r.connectionTime());
        m.put("latencyMs", Math.round(r.latencyMs() * 1000) / 1000.0);
        m.put("startedAt", r.startedAt().toString());
        m.put("detail", r.detail());
        return m;
    }

    static String human(ProbeResult r) {
        StringBuilder s = new StringBuilder();
        s.append(r.state())
                .append("  ")
                .append(r.host())
                .append(':')
                .append(r.port())
                .append("  client ")
                .append(r.clientId())
                .append(String.format("  %.1f ms", r.latencyMs()));
        if (r.serverVersion() > 0) {
            s.append("  server v").append(r.serverVersion());
        }
        if (r.isReady()) {
            s.append("  accounts ")
                    .append(String.join(",", r.accounts()))
                    .append(" (")
                    .append(dev.safestart.workflows.startup.AccountPolicy.typeOf(r.accounts())
                            .map(Enum::name)
                            .orElse("MIXED"))
                    .append(')')
                    .append("  next order id ")
                    .append(r.nextOrderId());
        }
        s.append(System.lineSeparator()).append("  ").append(r.detail());
        return s.toString();
    }
}
