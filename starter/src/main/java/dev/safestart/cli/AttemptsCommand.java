package dev.safestart.cli;

import dev.safestart.workflows.model.AttemptRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "attempts",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "Every attempt of the bot's latest startup: time, step, classification, latency, detail.",
            "Read from the workflow (its result once finished, its progress query while running),"
                    + " i.e. from Temporal's durable history."
        },
        footer = {
            "%nExit codes:",
            "  0  shown",
            "  3  no startup for this bot, Temporal unreachable or another error",
            "  64 bad usage"
        })
public final class AttemptsCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId;

    @Option(names = "--json", description = "print as JSON: {botId, workflowId, runId, status, outcome, attempts:[…]}")
    boolean json;

    public AttemptsCommand(CliEnvironment env) {
        super(env);
    }

    public AttemptsCommand() {
        super();
    }

    @Override
    protected int run() {
        try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
            StartupClient.Snapshot s = new StartupClient(conn.client())
                    .snapshot(botId)
                    .orElseThrow(() -> new CliException(ExitCodes.ERROR, "no startup found for bot " + botId));
            List<AttemptRecord> attempts = s.result() != null
                    ? s.result().attempts()
                    : s.progress() != null ? s.progress().attempts() : List.of();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("botId", s.botId());
                doc.put("workflowId", s.workflowId());
                doc.put("runId", s.runId());
                doc.put("status", s.status());
                doc.put("outcome", s.result() == null ? null : s.result().outcome());
                doc.put("attempts", attempts);
                env.out().println(Json.write(doc));
            } else {
                env.out()
                        .println(s.workflowId() + " (run " + s.runId() + "): " + s.status()
                                + (s.result() == null ? "" : ", " + s.result().outcome()));
                AttemptsTable.print(env.out(), attempts);
            }
            return ExitCodes.OK;
        }
    }
}
