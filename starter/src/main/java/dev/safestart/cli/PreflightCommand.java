package dev.safestart.cli;

import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.monitor.MonitorStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "For cron-driven agents: succeed only if the bot's latest startup ended VALIDATED no longer"
                    + " ago than --max-age.",
            "A startup still running, one that ended STRATEGY_C or FAILED, or an old"
                    + " one all fail the check, with the reason on stderr."
        },
        footer = {
            "%nExit codes:",
            "  0  a VALIDATED startup no older than --max-age exists",
            "  1  no such startup (none, running, not VALIDATED, or too old)",
            "  3  Temporal unreachable or another error",
            "  64 bad usage"
        })
public final class PreflightCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId;

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            defaultValue = "10m",
            description = "how old the VALIDATED startup may be: 90s, 10m, 1h… (default ${DEFAULT-VALUE})")
    String maxAge;

    @Option(names = "--json", description = "print the verdict as JSON")
    boolean json;

    public PreflightCommand(CliEnvironment env) {
        super(env);
    }

    public PreflightCommand() {
        super();
    }

    @Override
    protected int run() {
        Duration limit = Durations.parse("--max-age", maxAge);
        try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
            Optional<StartupClient.Snapshot> found = new StartupClient(conn.client()).snapshot(botId);
            boolean ok = false;
            String reason;
            long ageMillis = -1;
            if (found.isEmpty()) {
                reason = "no startup found for bot " + botId;
            } else if (found.get().result() == null) {
                reason = "latest startup " + found.get().runId() + " is "
                        + found.get().status();
            } else if (found.get().result().outcome() != StartupOutcome.VALIDATED) {
                reason = "latest startup ended " + found.get().result().outcome() + ": "
                        + found.get().result().reason();
            } else {
                ageMillis = env.clock().millis() - found.get().result().endedAtEpochMillis();
                ok = ageMillis <= limit.toMillis();
                reason =
                        "VALIDATED " + Duration.ofMillis(Math.max(0, ageMillis)).toSeconds() + " s ago"
                                + (ok ? "" : ", older than --max-age " + maxAge);
                // The owner's word beats an old startup's: a restarted (new, empty) engine is not validated.
                Optional<MonitorStatus> owner = ok ? new MonitorClient(conn.client()).status(botId) : Optional.empty();
                if (owner.isPresent()
                        && owner.get().state() != null
                        && !owner.get().validated()) {
                    ok = false;
                    reason = reason + ", but the bot's monitor says not validated now: "
                            + (owner.get().notValidatedReason().isBlank()
                                    ? owner.get().state()
                                    : owner.get().notValidatedReason());
                }
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("botId", botId);
                doc.put("ok", ok);
                doc.put("reason", reason);
                doc.put("ageMillis", ageMillis);
                doc.put("maxAgeMillis", limit.toMillis());
                env.out().println(Json.write(doc));
            } else if (ok) {
                env.out().println("preflight ok: " + botId + " " + reason);
            } else {
                env.err().println("preflight failed: " + reason);
            }
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
