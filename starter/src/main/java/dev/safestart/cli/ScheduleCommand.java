package dev.safestart.cli;

import dev.safestart.worker.WorkerConfig;
import dev.safestart.workflows.StartupWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code safestart schedule create|list|pause|unpause|delete|trigger}: a Temporal Schedule per bot (id
 * {@code startup-<botId>}) that starts the bot's StartupWorkflow on a cron in a time zone, skipping a firing
 * while a startup it started is still running, with a short catch-up window.
 */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "Start a bot's StartupWorkflow on a cron, with a Temporal Schedule (id startup-<botId>).",
            "Overlap: a firing while the previous scheduled startup still runs is skipped.",
            "The scheduled runs' workflow ids are startup-<botId>-<time>; the settings come from this"
                    + " environment, as for `start`."
        },
        subcommands = {
            ScheduleCommand.Create.class,
            ScheduleCommand.ListSchedules.class,
            ScheduleCommand.Pause.class,
            ScheduleCommand.Unpause.class,
            ScheduleCommand.Delete.class,
            ScheduleCommand.Trigger.class
        },
        footer = ExitCodes.HELP)
public final class ScheduleCommand implements Runnable {
    static final String ID_PREFIX = StartupWorkflow.ID_PREFIX;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String scheduleId(String botId) {
        return ID_PREFIX + botId;
    }

    /** The bot's schedule: its start action is built by the same code as {@code start}'s request. */
    static Schedule schedule(WorkerConfig config, String cron, ZoneId zone, Duration catchupWindow) {
        ScheduleActionStartWorkflow action = ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(StartupClient.WORKFLOW_TYPE)
                // A Schedule names each run itself (id + time), so it takes no id reuse policy.
                .setOptions(
                        WorkflowOptions.newBuilder(StartupClient.startOptions(config.botId(), config.taskQueue(), null))
                                .setWorkflowIdReusePolicy(null)
                                .build())
                .setArguments(StartupClient.request(config.botId(), null))
                .build();
        return Schedule.newBuilder()
                .setAction(action)
                .setSpec(ScheduleSpec.newBuilder()
                        .setCronExpressions(List.of(cron))
                        .setTimeZoneName(zone.getId())
                        .build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .setCatchupWindow(catchupWindow)
                        .build())
                .build();
    }

    /** One bot's schedule; a missing one is one line and exit 3. */
    abstract static class OnBot extends BaseCommand {
        @Parameters(index = "0", paramLabel = "BOT_ID", description = "the bot whose schedule this is")
        String botId;

        protected OnBot(CliEnvironment env) {
            super(env);
        }

        @Override
        protected int run() {
            try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
                ScheduleHandle handle = conn.schedules().getHandle(scheduleId(botId));
                try {
                    handle.describe();
                    return apply(handle);
                } catch (RuntimeException e) {
                    if (notFound(e)) {
                        throw new CliException(
                                ExitCodes.ERROR,
                                "no schedule " + scheduleId(botId) + " for bot " + botId
                                        + ": create one with `safestart schedule create " + botId + " --cron …`");
                    }
                    throw e;
                }
            }
        }

        abstract int apply(ScheduleHandle handle);
    }

    static boolean notFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Create the bot's schedule, e.g. --cron '25 9 * * 1-5' --timezone America/New_York.")
    static final class Create extends BaseCommand {
        @Parameters(index = "0", paramLabel = "BOT_ID", description = "the bot to start on schedule")
        String botId;

        @Option(
                names = "--cron",
                required = true,
                paramLabel = "EXPR",
                description = "minute hour day-of-month month day-of-week, e.g. '25 9 * * 1-5'")
        String cron;

        @Option(
                names = "--timezone",
                paramLabel = "ZONE",
                description = "IANA time zone of the cron (default: $MARKET_TIMEZONE or America/New_York)")
        String timezone;

        @Option(
                names = "--catchup-window",
                paramLabel = "DURATION",
                defaultValue = "5m",
                description =
                        "a firing missed while Temporal was down still runs if this late (default ${DEFAULT-VALUE})")
        String catchupWindow;

        @Option(names = "--json", description = "print the schedule as JSON")
        boolean json;

        Create(CliEnvironment env) {
            super(env);
        }

        Create() {
            super();
        }

        @Override
        protected int run() {
            Map<String, String> withBot = new LinkedHashMap<>(env.env());
            withBot.put("BOT_ID", botId);
            WorkerConfig config =
                    temporal.config(new CliEnvironment(withBot, env.out(), env.err(), env.clock()), false);
            ZoneId zone;
            try {
                zone = ZoneId.of(timezone == null ? config.marketZone().getId() : timezone);
            } catch (DateTimeException e) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--timezone '" + timezone
                                + "' is not accepted: expected an IANA time zone, e.g. America/New_York");
            }
            if (cron.isBlank() || cron.strip().split("\\s+").length != 5) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--cron '" + cron + "' is not accepted: expected five fields,"
                                + " minute hour day-of-month month day-of-week, e.g. '25 9 * * 1-5'");
            }
            Duration window = Durations.parse("--catchup-window", catchupWindow);
            try (TemporalConnection conn = TemporalConnection.open(config)) {
                ScheduleClient schedules = conn.schedules();
                try {
                    schedules.createSchedule(
                            scheduleId(botId),
                            schedule(config, cron.strip(), zone, window),
                            ScheduleOptions.newBuilder()
                                    .setMemo(Map.of("botId", botId, "cron", cron.strip(), "timezone", zone.getId()))
                                    .build());
                } catch (ScheduleAlreadyRunningException e) {
                    throw new CliException(
                            ExitCodes.ERROR,
                            "schedule " + scheduleId(botId) + " already exists:" + " `safestart schedule delete "
                                    + botId + "` first to replace it");
                }
                ScheduleDescription d = schedules.getHandle(scheduleId(botId)).describe();
                Map<String, Object> row = row(
                        scheduleId(botId),
                        botId,
                        cron.strip(),
                        zone.getId(),
                        d.getSchedule().getState().isPaused(),
                        d.getInfo().getNextActionTimes(),
                        null);
                if (json) {
                    env.out().println(Json.write(row));
                } else {
                    env.out()
                            .println("created schedule " + scheduleId(botId) + ": starts startup of " + botId + " at '"
                                    + cron.strip() + "' " + zone.getId() + " (overlap: skip, catch-up "
                                    + window.toSeconds()
                                    + " s); next " + row.get("nextActionTimes"));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "List the bots' schedules: cron, time zone, paused, next and last firing.")
    static final class ListSchedules extends BaseCommand {
        @Option(names = "--json", description = "print as JSON")
        boolean json;

        ListSchedules(CliEnvironment env) {
            super(env);
        }

        ListSchedules() {
            super();
        }

        @Override
        protected int run() {
            try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
                List<Map<String, Object>> rows = new ArrayList<>();
                conn.schedules()
                        .listSchedules()
                        .filter(s -> s.getScheduleId().startsWith(ID_PREFIX))
                        .sorted(java.util.Comparator.comparing(ScheduleListDescription::getScheduleId))
                        .forEach(s -> rows.add(row(s)));
                if (json) {
                    env.out().println(Json.write(rows));
                } else if (rows.isEmpty()) {
                    env.out().println("no schedules");
                } else {
                    for (Map<String, Object> r : rows) {
                        env.out()
                                .println(r.get("scheduleId") + "  '" + r.get("cron") + "' " + r.get("timezone")
                                        + (Boolean.TRUE.equals(r.get("paused")) ? "  PAUSED" : "")
                                        + "  next " + r.get("nextActionTimes") + "  last " + r.get("lastActionAt"));
                    }
                }
                return ExitCodes.OK;
            }
        }

        private static Map<String, Object> row(ScheduleListDescription s) {
            Function<String, String> memo = k -> {
                Object v = s.getMemo(k, String.class);
                return v == null ? null : v.toString();
            };
            List<io.temporal.client.schedules.ScheduleActionResult> recent =
                    s.getInfo().getRecentActions();
            Instant last =
                    recent.isEmpty() ? null : recent.get(recent.size() - 1).getStartedAt();
            return ScheduleCommand.row(
                    s.getScheduleId(),
                    memo.apply("botId"),
                    memo.apply("cron"),
                    memo.apply("timezone"),
                    s.getSchedule().getState().isPaused(),
                    s.getInfo().getNextActionTimes(),
                    last);
        }
    }

    static Map<String, Object> row(
            String id, String botId, String cron, String zone, boolean paused, List<Instant> next, Instant last) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheduleId", id);
        m.put("botId", botId);
        m.put("cron", cron);
        m.put("timezone", zone);
        m.put("paused", paused);
        m.put("nextActionTimes", next.stream().limit(3).map(Instant::toString).toList());
        m.put("lastActionAt", last == null ? null : last.toString());
        return m;
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Pause the bot's schedule: no firing until unpause.")
    static final class Pause extends OnBot {
        @Option(names = "--note", description = "why (shown in the Web UI)", defaultValue = "paused with safestart")
        String note;

        Pause(CliEnvironment env) {
            super(env);
        }

        Pause() {
            super(CliEnvironment.system());
        }

        @Override
        int apply(ScheduleHandle handle) {
            handle.pause(note);
            env.out().println("paused schedule " + handle.getId());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "unpause",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Unpause the bot's schedule.")
    static final class Unpause extends OnBot {
        Unpause(CliEnvironment env) {
            super(env);
        }

        Unpause() {
            super(CliEnvironment.system());
        }

        @Override
        int apply(ScheduleHandle handle) {
            handle.unpause("unpaused with safestart");
            env.out().println("unpaused schedule " + handle.getId());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Delete the bot's schedule (startups it started keep running).")
    static final class Delete extends OnBot {
        Delete(CliEnvironment env) {
            super(env);
        }

        Delete() {
            super(CliEnvironment.system());
        }

        @Override
        int apply(ScheduleHandle handle) {
            handle.delete();
            env.out().println("deleted schedule " + handle.getId());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "trigger",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Fire the bot's schedule now (skipped, like a cron firing, while its startup runs).")
    static final class Trigger extends OnBot {
        Trigger(CliEnvironment env) {
            super(env);
        }

        Trigger() {
            super(CliEnvironment.system());
        }

        @Override
        int apply(ScheduleHandle handle) {
            handle.trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
            env.out().println("triggered schedule " + handle.getId());
            return ExitCodes.OK;
        }
    }
}
