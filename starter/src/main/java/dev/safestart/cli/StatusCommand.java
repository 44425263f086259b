package dev.safestart.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safestart.workflows.monitor.MonitorStatus;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Show the bot's latest startup: Temporal status, phase, attempt n/N, last gateway state,"
                + " outcome and reason.",
        footer = {
            "%nExit codes:",
            "  0  shown",
            "  3  no startup for this bot, Temporal unreachable or another error",
            "  64 bad usage"
        })
public final class StatusCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId;

    @Option(names = "--json", description = "print as JSON")
    boolean json;

    public StatusCommand(CliEnvironment env) {
        super(env);
    }

    public StatusCommand() {
        super();
    }

    @Override
    protected int run() {
        try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
            Optional<StartupClient.Snapshot> found = new StartupClient(conn.client()).snapshot(botId);
            Optional<MonitorStatus> monitor = new MonitorClient(conn.client()).status(botId);
            if (found.isEmpty() && monitor.isEmpty()) {
                throw new CliException(ExitCodes.ERROR, "no startup found for bot " + botId);
            }
            if (json) {
                // The startup snapshot's fields, plus "monitor" (operator field names) when a monitor runs.
                ObjectNode node =
                        found.isPresent() ? Json.MAPPER.valueToTree(found.get()) : Json.MAPPER.createObjectNode();
                node.set(
                        "monitor",
                        Json.MAPPER.valueToTree(
                                monitor.map(MonitorClient::toJson).orElse(null)));
                env.out().println(Json.write(node));
                return ExitCodes.OK;
            }
            if (found.isEmpty()) {
                MonitorClient.print(env.out(), monitor.get());
                return ExitCodes.OK;
            }
            StartupClient.Snapshot s = found.get();
            env.out().println("bot        " + s.botId());
            env.out().println("workflow   " + s.workflowId() + " (run " + s.runId() + ")");
            env.out().println("status     " + s.status());
            env.out().println("started    " + Instant.ofEpochMilli(s.startedAtEpochMillis()));
            if (s.summary() != null) {
                env.out().println("summary    " + s.summary());
            }
            if (s.closedAtEpochMillis() > 0) {
                env.out().println("closed     " + Instant.ofEpochMilli(s.closedAtEpochMillis()));
            }
            if (s.progress() == null && "RUNNING".equals(s.status())) {
                env.out()
                        .println("progress   no answer to the progress query: is a worker polling task queue "
                                + s.taskQueue() + "?");
            }
            if (s.progress() != null) {
                var p = s.progress();
                env.out().println("phase      " + p.phase());
                env.out().println("attempt    " + p.attempt() + "/" + p.maxAttempts());
                env.out()
                        .println("gateway    " + p.lastState()
                                + (p.lastDetail() == null || p.lastDetail().isBlank() ? "" : " — " + p.lastDetail()));
            }
            if (s.result() != null) {
                var r = s.result();
                env.out().println("outcome    " + r.outcome());
                env.out().println("strategy   " + r.activeStrategy());
                env.out().println("gateway    " + r.gatewayState());
                env.out().println("attempts   " + r.attempts().size());
                if (r.reason() != null && !r.reason().isBlank()) {
                    env.out().println("reason     " + r.reason());
                }
            }
            monitor.ifPresent(m -> MonitorClient.print(env.out(), m));
            return ExitCodes.OK;
        }
    }
}
