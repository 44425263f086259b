package dev.safestart.cli;

import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.OperatorReply;
import dev.safestart.workflows.monitor.OwnerState;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Leave Strategy C: releases the operator hold (and a restart-storm latch) after a fresh"
                + " validation; refused, with the reason, while the gateway is not validated.",
        footer = {
            "%nExit codes:",
            "  0  resumed (or accepted, the plan arms after the fresh validation)",
            "  1  refused, with the reason (e.g. the gateway is not validated), or no answer within --wait",
            "  3  no running monitor or Temporal error",
            "  64 bad usage"
        })
public final class ResumeCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId;

    @Option(
            names = "--wait",
            description = "seconds to wait for the monitor to report the result (default ${DEFAULT-VALUE})",
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
            Duration wait = Duration.ofSeconds(Math.max(1, waitSeconds));
            OperatorReply reply = monitor.resume(botId, wait);
            // Accepted: the owner arms the plan after its fresh validation; follow that for up to --wait.
            Optional<MonitorStatus> after = reply.state() == OwnerState.ARMED
                    ? monitor.status(botId)
                    : monitor.awaitStatus(botId, s -> s.state() == OwnerState.ARMED, wait);
            boolean armed = reply.state() == OwnerState.ARMED
                    || after.map(s -> s.state() == OwnerState.ARMED).orElse(false);
            if (json) {
                env.out().println(Json.write(MonitorClient.withReply(after, reply)));
            } else if (armed) {
                env.out()
                        .println("resumed: strategy "
                                + after.map(MonitorStatus::strategyActive).orElse(reply.strategyActive())
                                + " active for bot " + botId);
            } else {
                env.out()
                        .println("resume accepted for bot " + botId + ": " + reply.message()
                                + (reply.holds().isEmpty()
                                        ? ""
                                        : " (holds: " + String.join(", ", reply.holds()) + ")"));
            }
            return ExitCodes.OK;
        }
    }
}
