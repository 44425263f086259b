package dev.safestart.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.Scenario;
import dev.safestart.sim.ScenarioPlayer;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code safestart sim}: the TWS gateway simulator with its HTTP control API, until Ctrl-C. */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = {
            "Run the TWS API gateway simulator (server side) with an HTTP control API.",
            "Control: POST /mode/<MODE>[?param=value], GET /status, POST|GET|DELETE /scenario on the control port.",
            "Modes: READY PORT_CLOSED API_NOT_READY NOT_AUTHENTICATED SLOW_HANDSHAKE CLIENT_ID_IN_USE DROP_ALL "
                    + "HALF_OPEN CONNECTIVITY_LOST RESTORED RESTART GARBAGE."
        })
public final class SimCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "4002",
            description = "API port (0 = ephemeral). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(
            names = "--control-port",
            defaultValue = "4102",
            description = "HTTP control API port (0 = ephemeral, -1 = off). Default: ${DEFAULT-VALUE}")
    int controlPort;

    @Option(
            names = "--accounts",
            split = ",",
            defaultValue = "DU1234567",
            description = "Managed accounts, comma-separated. Default: ${DEFAULT-VALUE}")
    List<String> accounts;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}")
    String bind;

    @Option(names = "--mode", defaultValue = "READY", description = "Initial mode. Default: ${DEFAULT-VALUE}")
    String mode;

    @Option(
            names = "--scenario",
            description = "Replay a scenario: 'classic' (port closed 3 s, API not ready 5 s, "
                    + "not authenticated 3 s, ready) or a JSON file.")
    String scenario;

    @Option(
            names = "--versions",
            defaultValue = "100..200",
            description = "Server versions the sim speaks, min..max (max <= 200). Default: ${DEFAULT-VALUE}")
    String versions;

    @Option(names = "--json", description = "Print mode changes as JSON lines.")
    boolean json;

    @Option(
            names = "--exit-after",
            description = "Stop after this many seconds (for scripts); default: run until Ctrl-C.")
    Long exitAfterSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Scenario story;
        try {
            story = scenario == null ? null : Scenario.resolve(scenario);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scenario: " + e.getMessage());
        }
        SimConfig config = config();
        if (story != null && isSteady(story.steps().get(0).mode())) {
            // Start in the story's first mode, so no client sees a READY gateway before the story begins.
            config = config.withInitialMode(story.steps().get(0).mode());
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (GatewaySimulator sim = GatewaySimulator.start(config)) {
            sim.addModeListener((m, at) -> printMode(out, m, at, sim));
            Thread hook = new Thread(stop::countDown, "sim-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            printStart(out, sim);
            ScenarioPlayer player = story == null ? null : sim.play(story);
            boolean stopped = exitAfterSeconds == null ? await(stop) : stop.await(exitAfterSeconds, TimeUnit.SECONDS);
            if (player != null) {
                player.cancel();
            }
            if (!stopped) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // fine
                }
            }
        }
        out.println(json ? "{\"event\":\"stopped\"}" : "sim: stopped");
        out.flush();
        return 0;
    }

    private static boolean isSteady(SimMode m) {
        return m != SimMode.DROP_ALL && m != SimMode.RESTART;
    }

    private static boolean await(CountDownLatch stop) throws InterruptedException {
        stop.await();
        return true;
    }

    SimConfig config() {
        SimMode initial;
        try {
            initial = SimMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode: " + e.getMessage());
        }
        String[] range = versions.split("\\.\\.", -1);
        int min;
        int max;
        try {
            if (range.length != 2) {
                throw new NumberFormatException();
            }
            min = Integer.parseInt(range[0].trim());
            max = Integer.parseInt(range[1].trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--versions: '" + versions + "' is not min..max (e.g. 100..200)");
        }
        try {
            return SimConfig.defaults()
                    .withBindAddress(bind)
                    .withPort(port)
                    .withControlPort(controlPort)
                    .withAccounts(accounts)
                    .withVersions(min, max)
                    .withInitialMode(initial);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void printStart(PrintWriter out, GatewaySimulator sim) {
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "started");
            line.put("host", sim.host());
            line.put("port", sim.port());
            line.put("controlPort", sim.controlPort());
            line.put("mode", sim.mode().name());
            line.put("accounts", sim.config().accounts());
            line.put("scenario", scenario);
            out.println(toJson(line));
        } else {
            out.printf(
                    "sim: TWS API on %s:%d, accounts %s, versions %d..%d, mode %s%n",
                    sim.host(),
                    sim.port(),
                    String.join(",", sim.config().accounts()),
                    sim.config().minVersion(),
                    sim.config().maxVersion(),
                    sim.mode());
            if (sim.controlPort() >= 0) {
                out.printf(
                        "sim: control API on http://%s:%d  (POST /mode/<MODE>, GET /status, POST /scenario)%n",
                        sim.controlHost(), sim.controlPort());
            }
            if (scenario != null) {
                out.printf("sim: replaying scenario %s%n", scenario);
            }
            out.println("sim: Ctrl-C to stop");
        }
        out.flush();
    }

    private synchronized void printMode(PrintWriter out, SimMode m, Instant at, GatewaySimulator sim) {
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "mode");
            line.put("mode", m.name());
            line.put("at", at.toString());
            line.put("params", sim.currentMode().mode() == m ? sim.currentMode().params() : Map.of());
            out.println(toJson(line));
        } else {
            out.printf("sim: %s mode %s%n", at, m);
        }
        out.flush();
    }

    private static String toJson(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
