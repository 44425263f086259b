package dev.safestart.devtools.demo;

import dev.safestart.cli.AttemptsPrinter;
import dev.safestart.cli.StartupClient;
import dev.safestart.cli.TemporalConnection;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.Scenario;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.worker.WorkerConfig;
import dev.safestart.worker.WorkerWiring;
import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.StartupOutcome;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's story, one step per stage. The runtime part (drop → Strategy C → recovery → resume) is meant to be
 * added as further steps after {@link #startup()}.
 */
public final class DemoSteps {
    private DemoSteps() {}

    /** The startup demo: Temporal, simulator, gameplan, worker, startup to VALIDATED, attempts, how to inspect. */
    public static List<DemoStep> startupDemo() {
        return new ArrayList<>(
                List.of(temporal(), simulator(), gameplan(), worker(), startup(), attempts(), inspect()));
    }

    static DemoStep temporal() {
        return step("Temporal", ctx -> {
            ctx.temporal = ctx.closeAtEnd(EmbeddedTemporal.start(ctx.preferDevServer, ctx.workDir));
            ctx.out.println("  " + ctx.temporal.kind() + " on " + ctx.temporal.address()
                    + ctx.temporal.uiAddress().map(ui -> ", Web UI " + ui).orElse(" (no Web UI)"));
            ctx.connection = ctx.closeAtEnd(TemporalConnection.open(ctx.temporal.address(), ctx.temporal.namespace()));
        });
    }

    static DemoStep simulator() {
        return step("Gateway simulator", ctx -> {
            ctx.simulator =
                    ctx.closeAtEnd(GatewaySimulator.start(SimConfig.defaults().withInitialMode(SimMode.PORT_CLOSED)));
            Scenario story = Scenario.builtIn(Scenario.CLASSIC);
            ctx.scenario = ctx.simulator.play(story);
            ctx.out.println("  TWS API simulator on 127.0.0.1:" + ctx.simulator.port() + ", replaying '" + story.name()
                    + "': "
                    + story.steps().stream()
                            .map(s -> s.mode()
                                    + (s.duration() == null
                                            ? ""
                                            : " " + s.duration().toSeconds() + " s"))
                            .collect(Collectors.joining(" → ")));
        });
    }

    static DemoStep gameplan() {
        return step("Gameplan", ctx -> {
            ctx.gameplan = LocalSettings.writeTodaysGameplan(
                    ctx.workDir.resolve("gameplan.json"), ZoneId.of("America/New_York"));
            ctx.out.println("  today's plan (strategy A, SPY) in " + ctx.gameplan);
        });
    }

    static DemoStep worker() {
        return step("Worker", ctx -> {
            ctx.config = WorkerConfig.fromEnv(demoEnvironment(ctx));
            ctx.worker = ctx.closeAtEnd(WorkerWiring.start(ctx.connection.client(), ctx.config));
            ctx.engine = ctx.worker.engine().orElseThrow();
            ctx.out.println("  in-process worker on task queue " + ctx.config.taskQueue() + " (DRY_RUN="
                    + ctx.config.dryRun() + ", paper port, probe client id " + ctx.config.probeClientId()
                    + ", trading client id " + ctx.config.clientId() + ")");
            ctx.out.println("  GATEWAY_HANDSHAKE_TIMEOUT=" + ctx.config.handshakeTimeoutSeconds() + " s (the default)");
            SHORTENED.forEach((name, why) -> ctx.out.println("  " + name + "=" + why.get(0) + ": " + why.get(1)));
        });
    }

    static DemoStep startup() {
        return step("Startup", ctx -> {
            StartupClient startups = new StartupClient(ctx.connection.client());
            ctx.startup = startups.startOrAttach(DemoContext.BOT_ID, ctx.config.taskQueue(), null);
            ctx.out.println("  started " + ctx.startup.workflowId() + " (run " + ctx.startup.runId() + ")");
            AttemptsPrinter printer = AttemptsPrinter.live(ctx.out);
            ctx.result = startups.await(ctx.startup, Duration.ofMillis(500), Duration.ofMinutes(2), printer::accept);
            printer.finish(ctx.result);
            ctx.out.println("  " + AttemptsPrinter.summary(ctx.result));
            if (ctx.result.outcome() != StartupOutcome.VALIDATED) {
                throw new IllegalStateException("the demo startup ended " + ctx.result.outcome() + ", not VALIDATED");
            }
        });
    }

    static DemoStep attempts() {
        return step(
                "Attempts (from the workflow's history)", ctx -> AttemptsPrinter.table(ctx.out, ctx.result.attempts()));
    }

    static DemoStep inspect() {
        return step("Inspect the run", ctx -> {
            String id = StartupWorkflow.workflowId(DemoContext.BOT_ID);
            String addr = ctx.temporal.address();
            ctx.out.println("  while the server runs (keep it with --keep-running):");
            ctx.out.println("    temporal workflow show --workflow-id " + id + " --address " + addr);
            ctx.out.println(
                    "    temporal workflow list --query 'BotId=\"" + DemoContext.BOT_ID + "\"' --address " + addr);
            ctx.out.println("    bin/safestart attempts " + DemoContext.BOT_ID + " --address " + addr);
            ctx.temporal
                    .uiAddress()
                    .ifPresent(ui -> ctx.out.println("    Web UI: " + ui + "/namespaces/default/workflows/" + id));
            ctx.temporal.databaseFile().ifPresent(db -> {
                ctx.out.println("  the history stays in " + db + "; to browse it later:");
                ctx.out.println("    temporal server start-dev --db-filename " + db
                        + " --search-attribute BotId=Keyword --search-attribute StartupOutcome=Keyword"
                        + " --search-attribute GatewayState=Keyword --search-attribute ActiveStrategy=Keyword");
                ctx.out.println("    temporal workflow show --workflow-id " + id);
            });
        });
    }

    /** The demo's configuration: the process environment's Temporal-independent defaults, pointed at the demo parts. */
    static Map<String, String> demoEnvironment(DemoContext ctx) {
        Map<String, String> env = LocalSettings.env(
                DemoContext.BOT_ID,
                ctx.simulator.port(),
                ctx.gameplan,
                ctx.temporal,
                "safestart-demo",
                ctx.workDir.resolve("state"));
        env.put("GATEWAY_MAX_RETRIES", "30");
        // GATEWAY_HANDSHAKE_TIMEOUT stays at its default: the readiness check's hedges see the API turn ready.
        SHORTENED.forEach((name, why) -> env.put(name, why.get(0)));
        return env;
    }

    /** The settings the demo changes from their defaults: variable → (value, reason); printed by the worker step. */
    static final Map<String, List<String>> SHORTENED = shortened();

    private static Map<String, List<String>> shortened() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(
                "GATEWAY_RETRY_INTERVAL",
                List.of("1", "first retry after 1 s instead of 5, so the refused phase shows as attempts quickly"));
        m.put(
                "GATEWAY_STARTUP_TIMEOUT",
                List.of("120", "120 s instead of 300: a demo that fails should say so within two minutes"));
        m.put("AUTO_RESUME", List.of("true", "the runtime part resumes by itself after re-validation (default false)"));
        m.put(
                "MONITOR_INTERVAL",
                List.of("10", "the monitor's independent probe every 10 s instead of 60, to be seen in the demo"));
        return m;
    }

    /** A step from a title and a body. */
    public static DemoStep step(String title, Body body) {
        return new DemoStep() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public void run(DemoContext ctx) throws Exception {
                body.run(ctx);
            }
        };
    }

    @FunctionalInterface
    public interface Body {
        void run(DemoContext ctx) throws Exception;
    }
}
