package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.SimMode;
import dev.safestart.workflows.model.StartupProgress;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real dev server with a real worker: a Schedule whose cron fires within a minute starts the bot's
 * startup; a firing while it runs is skipped; a paused schedule on the same cron lets that minute pass.
 */
class ScheduleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aScheduleStartsTheStartupSkipsWhileItRunsAndStopsWhenPaused(@TempDir Path dir) throws Exception {
        LocalBot.assumeDevServer();
        Path gameplan = LocalSettings.writeTodaysGameplan(dir.resolve("gameplan.json"), ZoneId.of("America/New_York"));
        try (EmbeddedTemporal temporal = EmbeddedTemporal.start(true, dir.resolve("temporal"));
                // The gateway never answers: the scheduled startup keeps retrying, so it is running when we look.
                LocalBot bot = new LocalBot(
                        "sched",
                        temporal,
                        SimMode.API_NOT_READY,
                        gameplan,
                        dir.resolve("state"),
                        Map.of("GATEWAY_MAX_RETRIES", "1000", "GATEWAY_RETRY_INTERVAL", "1"));
                TemporalConnection conn = TemporalConnection.open(temporal.address(), temporal.namespace())) {
            // Not right before a minute boundary, so "idle" is paused before its first firing time.
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().getEpochSecond() % 60 < 50);
            CliRun created = CliRun.run(
                    bot.env,
                    "schedule",
                    "create",
                    "sched",
                    "--cron",
                    "* * * * *",
                    "--timezone",
                    "America/New_York",
                    "--json");
            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(JSON.readTree(created.out()).get("scheduleId").asText()).isEqualTo("startup-sched");

            CliRun again = CliRun.run(bot.env, "schedule", "create", "sched", "--cron", "25 9 * * 1-5");
            assertThat(again.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(again.err()).contains("already exists");

            // A second bot's schedule on the same cron, paused at once: at the minute the first one fires, it does not.
            CliRun paused = CliRun.run(bot.env, "schedule", "create", "idle", "--cron", "* * * * *");
            assertThat(paused.exitCode()).as(paused.err()).isZero();
            CliRun pause = CliRun.run(bot.env, "schedule", "pause", "idle");
            assertThat(pause.exitCode()).as(pause.err()).isZero();

            ScheduleHandle handle = conn.schedules().getHandle("startup-sched");
            ScheduleHandle idle = conn.schedules().getHandle("startup-idle");
            ScheduleDescription d = handle.describe();
            assertThat(d.getSchedule().getPolicy().getOverlap())
                    .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
            assertThat(d.getSchedule().getPolicy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(5));
            assertThat(d.getSchedule().getSpec().getTimeZoneName()).isEqualTo("America/New_York");
            assertThat(idle.describe().getSchedule().getState().isPaused()).isTrue();

            // Visible to the temporal CLI as well.
            Path temporalCli = EmbeddedTemporal.devServerBinary().orElseThrow();
            Process p = new ProcessBuilder(
                            temporalCli.toString(),
                            "schedule",
                            "list",
                            "--address",
                            temporal.address(),
                            "--namespace",
                            temporal.namespace())
                    .redirectErrorStream(true)
                    .start();
            String cliList = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(cliList).contains("startup-sched").contains("startup-idle");

            // The real cron firing (at the next minute) starts the startup, and the worker runs it.
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> handle.describe().getInfo().getNumActions() == 1
                            && !handle.describe().getInfo().getRunningActions().isEmpty());
            String runningId = ((ScheduleActionExecutionStartWorkflow)
                            handle.describe().getInfo().getRunningActions().get(0))
                    .getWorkflowId();
            assertThat(runningId).startsWith("startup-sched-");
            WorkflowStub startup =
                    conn.client().newUntypedWorkflowStub(runningId, Optional.empty(), Optional.of("StartupWorkflow"));
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> startup.query("progress", StartupProgress.class)
                                    .attempts()
                                    .size()
                            >= 1);

            // The paused schedule let the same minute pass.
            assertThat(idle.describe().getInfo().getNumActions()).isZero();

            // `status` (and so `preflight`) finds the scheduled run.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> CliRun.run(bot.env, "status", "sched", "--json")
                            .out()
                            .contains(runningId));

            // A second firing while it runs is skipped.
            CliRun trigger = CliRun.run(bot.env, "schedule", "trigger", "sched");
            assertThat(trigger.exitCode()).as(trigger.err()).isZero();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> handle.describe().getInfo().getNumActionsSkippedOverlap() >= 1);
            assertThat(handle.describe().getInfo().getNumActions()).isEqualTo(1);
            startup.terminate("test done");

            JsonNode rows = JSON.readTree(
                    CliRun.run(bot.env, "schedule", "list", "--json").out());
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get("scheduleId").asText()).isEqualTo("startup-idle");
            assertThat(rows.get(0).get("paused").asBoolean()).isTrue();
            assertThat(rows.get(1).get("paused").asBoolean()).isFalse();
            assertThat(rows.get(1).get("cron").asText()).isEqualTo("* * * * *");
            assertThat(CliRun.run(bot.env, "schedule", "unpause", "idle").exitCode())
                    .isZero();
            assertThat(idle.describe().getSchedule().getState().isPaused()).isFalse();
            assertThat(CliRun.run(bot.env, "schedule", "delete", "idle").exitCode())
                    .isZero();

            assertThat(CliRun.run(bot.env, "schedule", "delete", "sched").exitCode())
                    .isZero();
            CliRun gone = CliRun.run(bot.env, "schedule", "pause", "sched");
            assertThat(gone.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(gone.err().strip()).startsWith("no schedule startup-sched for bot sched");
        }
    }

    @Test
    void badCronAndTimeZoneAreRefusedWithOneLine() {
        Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1");
        CliRun zone = CliRun.run(env, "schedule", "create", "b", "--cron", "25 9 * * 1-5", "--timezone", "Mars/Base");
        assertThat(zone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zone.err().strip())
                .isEqualTo("--timezone 'Mars/Base' is not accepted: expected an IANA time zone,"
                        + " e.g. America/New_York");
        CliRun cron = CliRun.run(env, "schedule", "create", "b", "--cron", "25 9 *");
        assertThat(cron.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cron.err()).contains("expected five fields");
    }
}
