package dev.safestart.cli;

import dev.safestart.worker.WorkerConfig;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupOverrides;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.startup.SettingsValidator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "Start the bot's StartupWorkflow (id startup-<botId>) and follow it to its outcome.",
            "Sends only the bot id (and the narrowing options below): the worker that serves the bot decides"
                    + " the gateway, the client ids, DRY_RUN and the trading mode from its own environment, and"
                    + " refuses a request that would widen them, naming the setting.",
            "If a startup of the bot is already running, attaches to it and shows its progress instead of"
                    + " starting a second one."
        },
        footer = {
            "%nExit codes:",
            "  0  VALIDATED: gateway authenticated, gameplan valid, its strategy active",
            "  1  FAILED (never validated, bad credentials, refused configuration)",
            "  2  STRATEGY_C: gateway authenticated, gameplan unusable (cash preservation)",
            "  3  Temporal unreachable or another error",
            "  64 bad usage"
        })
public final class StartCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID", description = "the bot to start")
    String botId;

    @Option(names = "--no-wait", description = "start (or find) the workflow and return at once (exit 0)")
    boolean noWait;

    @Option(names = "--json", description = "print the final result as JSON instead of progress lines")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "15m",
            description = "give up waiting after this long (default ${DEFAULT-VALUE}); the workflow keeps running")
    String timeout;

    @Option(
            names = "--dry-run",
            arity = "0..1",
            paramLabel = "BOOL",
            description = "ask for DRY_RUN=true even if the worker sends orders (=false is accepted only if the"
                    + " worker already runs with DRY_RUN=false)")
    Boolean dryRun;

    @Option(
            names = "--max-retries",
            paramLabel = "N",
            description = "fewer attempts than the worker's GATEWAY_MAX_RETRIES")
    Integer maxRetries;

    @Option(
            names = "--startup-timeout",
            paramLabel = "SECONDS",
            description = "a shorter limit than the worker's GATEWAY_STARTUP_TIMEOUT")
    Integer startupTimeoutSeconds;

    public StartCommand(CliEnvironment env) {
        super(env);
    }

    public StartCommand() {
        super();
    }

    @Override
    protected int run() {
        // Only where Temporal is: the bot's settings are its worker's, not this shell's.
        WorkerConfig config = temporal.config(env, true);
        if (!SettingsValidator.isValidBotId(botId)) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "BOT_ID '" + botId + "' is not accepted: expected 1-64"
                            + " characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Duration limit = Durations.parse("--timeout", timeout);
        StartupOverrides overrides = StartupOverrides.none()
                .withDryRun(dryRun)
                .withMaxRetries(maxRetries)
                .withStartupTimeoutSeconds(startupTimeoutSeconds);
        try (TemporalConnection conn = TemporalConnection.open(config)) {
            StartupClient startups = new StartupClient(conn.client());
            StartupClient.Handle handle = startups.startOrAttach(botId, config.taskQueue(), overrides);
            if (!json) {
                env.out()
                        .println((handle.attached() ? "attached to the startup already running: " : "started ")
                                + handle.workflowId() + " (run " + handle.runId() + ") on task queue "
                                + config.taskQueue());
            }
            if (noWait) {
                if (json) {
                    env.out()
                            .println(Json.write(Map.of(
                                    "workflowId",
                                    handle.workflowId(),
                                    "runId",
                                    handle.runId(),
                                    "attached",
                                    handle.attached())));
                }
                return ExitCodes.OK;
            }
            AttemptsPrinter printer = new AttemptsPrinter(env.out(), env.clock());
            StartupResult result = startups.await(handle, Duration.ofMillis(500), limit, json ? null : printer::accept);
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
        return String.format(
                java.util.Locale.ROOT,
                "%s (gateway %s, %d attempt(s), %.1f s)%s",
                head,
                r.gatewayState(),
                r.attempts().size(),
                seconds,
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
