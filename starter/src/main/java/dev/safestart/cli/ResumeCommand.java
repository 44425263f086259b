package dev.safestart.cli;

import dev.safestart.workflows.monitor.MonitorPhase;
import dev.safestart.workflows.monitor.MonitorStatus;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Leave Strategy C: the monitor resumes the gameplan's strategy once the gateway is freshly"
                + " validated (also clears a restart-storm latch).",
        footer = {"%nExit codes:", "  0  resumed (or resume pending until re-validation)", "  3  no running monitor or Temporal error",
                "  64 bad usage"})
public final class ResumeCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId;

    @Option(names = "--wait", description = "seconds to wait for the monitor to report the result (default ${DEFAULT-VALUE})",
            defaultValue = "10")
    int waitSeconds;

    @Option(names = "--json", description = "print the monitor status as JSON")
    boolean json;

    public ResumeCommand(CliEnvironment env) {
        super(env);
    }

    public ResumeCommand() {
        super();
    }

    @Override
    protected int run() {
        try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
            MonitorClient monitor = new MonitorClient(conn.client());
            monitor.resume(botId);
            Optional<MonitorStatus> after = monitor.awaitStatus(botId, s -> s.phase() == MonitorPhase.MONITORING,
                    Duration.ofSeconds(Math.max(0, waitSeconds)));
            if (json) {
                env.out().println(Json.write(after.map(MonitorClient::toJson).orElse(null)));
            } else if (after.isPresent() && after.get().phase() == MonitorPhase.MONITORING) {
                env.out().println("resumed: strategy " + after.get().strategyActive() + " active for bot " + botId);
            } else {
                env.out().println("resume requested for bot " + botId + ": it takes effect after a fresh validation"
                        + after.map(s -> " (now " + s.phase() + ", last error: " + s.lastError() + ")").orElse(""));
            }
            return ExitCodes.OK;
        }
    }
}
