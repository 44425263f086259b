package dev.safestart.cli;

import dev.safestart.workflows.monitor.OperatorReply;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "strategy-c",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Force Strategy C (cash preservation: no new orders, working orders cancelled) until"
                + " `safestart resume`.",
        footer = {
            "%nExit codes:",
            "  0  Strategy C confirmed: the engine's gate is closed",
            "  1  the hold is recorded but the engine did not confirm (worker down?), or no answer in --wait",
            "  3  no running monitor or Temporal error",
            "  64 bad usage"
        })
public final class StrategyCCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId;

    @Option(names = "--reason", required = true, description = "why (kept in the workflow history and the alert)")
    String reason;

    @Option(
            names = "--wait",
            description = "seconds to wait for the engine's confirmation (default ${DEFAULT-VALUE})",
            defaultValue = "30")
    int waitSeconds;

    @Option(names = "--json", description = "print the monitor status as JSON")
    boolean json;

    public StrategyCCommand(CliEnvironment env) {
        super(env);
    }

    public StrategyCCommand() {
        super();
    }

    @Override
    protected int run() {
        if (reason == null || reason.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "--reason must not be blank: say why Strategy C is forced");
        }
        try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
            MonitorClient monitor = new MonitorClient(conn.client());
            OperatorReply reply =
                    monitor.forceStrategyC(botId, reason.trim(), Duration.ofSeconds(Math.max(1, waitSeconds)));
            if (json) {
                env.out().println(Json.write(MonitorClient.withReply(monitor.status(botId), reply)));
            } else if (reply.confirmed()) {
                env.out()
                        .println("Strategy C active for bot " + botId + ": the engine confirmed its gate closed"
                                + " (reason: " + reason.trim() + "); leave it with `safestart resume " + botId + "`");
            } else {
                env.err()
                        .println("Strategy C recorded for bot " + botId + " but NOT confirmed by the engine: "
                                + reply.message());
            }
            return reply.confirmed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
