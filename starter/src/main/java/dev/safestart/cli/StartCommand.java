package dev.safestart.cli;

import dev.safestart.worker.WorkerConfig;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Start the bot's StartupWorkflow (id startup-<botId>) and follow it to its outcome.",
                "Settings come from the environment (GATEWAY_HOST, GATEWAY_PORT, GATEWAY_MAX_RETRIES, …, see the"
                        + " README); a bad value is refused with one line before anything starts.",
                "If a startup of the bot is already running, attaches to it and shows its progress instead of"
                        + " starting a second one."},
        footer = {"%nExit codes:", "  0  VALIDATED: gateway authenticated, gameplan valid, its strategy active",
                "  1  FAILED (never validated, bad credentials, refused configuration)",
                "  2  STRATEGY_C: gateway authenticated, gameplan unusable (cash preservation)",
                "  3  Temporal unreachable or another error", "  64 bad usage"})
public final class StartCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID", description = "the bot to start")
    String botId;

    @Option(names = "--no-wait", description = "start (or find) the workflow and return at once (exit 0)")
    boolean noWait;

    @Option(names = "--json", description = "print the final result as JSON instead of progress lines")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m",
            description = "give up waiting after this long (default ${DEFAULT-VALUE}); the workflow keeps running")
    String timeout;

    public StartCommand(CliEnvironment env) {
        super(env);
    }

    public StartCommand() {
        super();
    }

    @Override
    protected int run() {
        Map<String, String> withBot = new LinkedHashMap<>(env.env());
        withBot.put("BOT_ID", botId);
        WorkerConfig config = temporal.config(new CliEnvironment(withBot, env.out(), env.err(), env.clock()), false);
        Duration limit = Durations.parse("--timeout", timeout);
        try (TemporalConnection conn = TemporalConnection.open(config)) {
            StartupClient startups = new StartupClient(conn.client());
            StartupClient.Handle handle = startups.startOrAttach(botId, config.taskQueue(), config.toStartupSettings());
            if (!json) {
                env.out().println((handle.attached()
                        ? "attached to the startup already running: " : "started ")
                        + handle.workflowId() + " (run " + handle.runId() + ") on task queue " + config.taskQueue());
            }
            if (noWait) {
                if (json) {
                    env.out().println(Json.write(Map.of("workflowId", handle.workflowId(), "runId", handle.runId(),
                            "attached", handle.attached())));
                }
                return ExitCodes.OK;
            }
            AttemptsPrinter printer = new AttemptsPrinter(env.out(), env.clock());
            StartupResult result = startups.await(handle, Duration.ofMillis(500), limit,
                    json ? null : printer::accept);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("workflowId", handle.workflowId());
                doc.put("runId", handle.runId());
                doc.put("attached", handle.attached());
                doc.put("result", result);
                env.out().println(Json.write(doc));
            } else {
                printer.finish(result);
                env.out().println(summary(result));
            }
            return exitCode(result.outcome());
        }
    }

    static String summary(StartupResult r) {
        double seconds = (r.endedAtEpochMillis() - r.startedAtEpochMillis()) / 1000.0;
        String head = switch (r.outcome()) {
            case VALIDATED -> "VALIDATED: strategy " + r.activeStrategy() + " active";
            case STRATEGY_C -> "STRATEGY_C: cash preservation";
            case FAILED -> "FAILED: orders refused";
        };
        return String.format(java.util.Locale.ROOT, "%s (gateway %s, %d attempt(s), %.1f s)%s", head,
                r.gatewayState(), r.attempts().size(), seconds,
                r.reason() == null || r.reason().isBlank() ? "" : " — " + r.reason());
    }

    static int exitCode(StartupOutcome outcome) {
        return switch (outcome) {
            case VALIDATED -> ExitCodes.OK;
            case STRATEGY_C -> ExitCodes.STRATEGY_C;
            case FAILED -> ExitCodes.FAILED;
        };
    }
}
