package dev.safestart.cli;

import dev.safestart.workflows.monitor.MonitorStatus;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "strategy-c", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Force Strategy C (cash preservation: no new orders, working orders cancelled) until"
                + " `safestart resume`.",
        footer = {"%nExit codes:", "  0  Strategy C requested", "  3  no running monitor or Temporal error",
                "  64 bad usage"})
public final class StrategyCCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId;

    @Option(names = "--reason", required = true, description = "why (kept in the workflow history and the alert)")
    String reason;

    @Option(names = "--wait", description = "seconds to wait for the monitor to confirm (default ${DEFAULT-VALUE})",
            defaultValue = "10")
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
            monitor.forceStrategyC(botId, reason.trim());
            Optional<MonitorStatus> after = monitor.awaitStatus(botId,
                    s -> s.forcedStrategyC() && "C".equals(s.strategyActive()), Duration.ofSeconds(Math.max(0, waitSeconds)));
            if (json) {
                env.out().println(Json.write(after.map(MonitorClient::toJson).orElse(null)));
            } else {
                env.out().println("Strategy C " + (after.map(MonitorStatus::forcedStrategyC).orElse(false)
                        ? "active" : "requested") + " for bot " + botId + " (reason: " + reason.trim()
                        + "); leave it with `safestart resume " + botId + "`");
            }
            return ExitCodes.OK;
        }
    }
}
