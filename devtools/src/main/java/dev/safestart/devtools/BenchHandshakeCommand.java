package dev.safestart.devtools;

import dev.safestart.cli.Json;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.tws.GatewayProbe;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ProbeState;
import dev.safestart.worker.logging.LogSetup;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code safestart bench handshake}: probes an embedded gateway simulator on loopback many times and reports the
 * connect-to-READY latency (p50/p90/p99/max). Side by side, the cost of the port-only check (TCP connect and
 * close) that Docker health checks do, which cannot tell port-open from API-ready.
 */
@Command(
        name = "handshake",
        mixinStandardHelpOptions = true,
        description = {
            "Handshake-to-READY latency of GatewayProbe against an embedded simulator on loopback.",
            "Prints JSON; exit 0 when every probe was READY and p50 <= the target."
        })
public final class BenchHandshakeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--probes",
            defaultValue = "1000",
            description = "Measured probes (default ${DEFAULT-VALUE}, at least 1000 for a verdict).")
    int probes;

    @Option(
            names = "--warmup",
            defaultValue = "300",
            description = "Unmeasured probes first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--target-p50-ms",
            defaultValue = "5",
            description = "Pass when p50 is at most this (default ${DEFAULT-VALUE}).")
    double targetP50Ms;

    @Option(
            names = "--timeout",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "Per-probe handshake timeout (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        LogSetup.cli(false); // stdout carries the JSON (or the verdict) alone; warnings go to stderr
        if (probes < 1 || warmup < 0 || timeoutSeconds < 1 || !(targetP50Ms > 0)) {
            spec.commandLine()
                    .getErr()
                    .println("safestart bench handshake: --probes >= 1, --warmup >= 0,"
                            + " --timeout >= 1, --target-p50-ms > 0");
            return 2;
        }
        Map<String, Object> report;
        // Farm notices off: they come after READY and would only add bytes to the socket the probe closes.
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults().withFarmNotices(false))) {
            report = run(sim);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.write(report));
        out.flush();
        return Boolean.TRUE.equals(report.get("pass")) ? 0 : 1;
    }

    private Map<String, Object> run(GatewaySimulator sim) throws Exception {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        ProbeRequest base = ProbeRequest.of(sim.host(), sim.port(), 100).withTimeouts(timeout, timeout);
        Map<ProbeState, Integer> outcomes = new EnumMap<>(ProbeState.class);
        for (int i = 0; i < warmup; i++) {
            GatewayProbe.probe(base.withClientId(clientId(i)));
            tcpConnectMs(sim);
        }
        double[] latencies = new double[probes];
        double[] tcpOnly = new double[probes];
        int ready = 0;
        long wallStart = System.nanoTime();
        for (int i = 0; i < probes; i++) {
            // A fresh client id per probe: the simulator may not have reaped the previous socket yet.
            ProbeResult r = GatewayProbe.probe(base.withClientId(clientId(warmup + i)));
            outcomes.merge(r.state(), 1, Integer::sum);
            latencies[i] = r.latencyMs();
            if (r.isReady()) {
                ready++;
            }
            tcpOnly[i] = tcpConnectMs(sim);
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        Arrays.sort(latencies);
        Arrays.sort(tcpOnly);
        double p50 = percentile(latencies, 50);
        boolean enough = probes >= 1000;
        boolean pass = enough && ready == probes && p50 <= targetP50Ms;

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("bench", "handshake");
        report.put("target", "embedded GatewaySimulator on " + sim.host() + ":" + sim.port() + " (loopback)");
        report.put(
                "measure",
                "GatewayProbe connect start to READY (API\\0 + v100..200, server version, startApi, "
                        + "managedAccounts + nextValidId), socket closed after each probe");
        report.put("probes", probes);
        report.put("warmup", warmup);
        report.put("ready", ready);
        report.put("outcomes", outcomes);
        report.put("p50Ms", round(p50));
        report.put("p90Ms", round(percentile(latencies, 90)));
        report.put("p99Ms", round(percentile(latencies, 99)));
        report.put("maxMs", round(latencies[latencies.length - 1]));
        report.put("minMs", round(latencies[0]));
        report.put("meanMs", round(Arrays.stream(latencies).average().orElse(0)));
        report.put("probesPerSecond", round(probes / wallSeconds));
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put(
                "what",
                "port-only check (TCP connect + close), what a Docker port health check measures; "
                        + "it reports healthy while the API is not ready");
        baseline.put("p50Ms", round(percentile(tcpOnly, 50)));
        baseline.put("p99Ms", round(percentile(tcpOnly, 99)));
        report.put("baselineTcpConnect", baseline);
        report.put("targetP50Ms", targetP50Ms);
        report.put("pass", pass);
        if (!enough) {
            report.put("note", "fewer than 1000 probes: no verdict");
        }
        report.put("java", System.getProperty("java.version"));
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        return report;
    }

    private static int clientId(int i) {
        return 1000 + (i % 100_000);
    }

    private static double tcpConnectMs(GatewaySimulator sim) throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(sim.host(), sim.port()), 5000);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Nearest-rank percentile of a sorted array. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
