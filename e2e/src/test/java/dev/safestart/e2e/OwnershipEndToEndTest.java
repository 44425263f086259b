package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.OwnerState;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One owner of "may this bot trade now?", end to end on the real Temporal dev server with the simulator, the
 * worker(s) and the CLI as separate processes. Each test has its own bot, task queue, simulator and workers:
 * <ul>
 *   <li>an operator's hold survives the next {@code start};</li>
 *   <li>a worker killed with SIGKILL after VALIDATED and a new worker: status says "not validated", then the
 *   owner re-arms by itself;</li>
 *   <li>a start request naming another port, DRY_RUN=false or another bot is refused, naming the setting;</li>
 *   <li>two workers for one bot: detected and refused, one trading session;</li>
 *   <li>the compose layout: a trading worker ({@code WORKER_ROLE=bot}) and a monitor worker ({@code --role monitor})
 *   in two JVMs, each polling only its own queues; the trading worker stopped as {@code docker stop} does is
 *   reported by the monitor process ("bot worker down", CRITICAL, to its webhook) within 2 x MONITOR_INTERVAL, and
 *   cleared when a trading worker is back.</li>
 * </ul>
 */
@ExtendWith(DevServerExtension.class)
class OwnershipEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CLIENT_ID = 9;
    static final int MONITOR_INTERVAL = 2;
    static DevServer server;

    private final List<ManagedProcess> processes = new ArrayList<>();
    private Safestart cli;
    private Path work;
    private String botId;
    private SimControl simControl;

    @BeforeAll
    static void server(DevServer devServer) {
        server = devServer;
    }

    @AfterEach
    void stopParts() {
        for (ManagedProcess p : processes) {
            p.close();
        }
    }

    /** A fresh bot: its gateway simulator (READY), today's plan A, the worker's environment. */
    private void newBot(String name) throws Exception {
        work = Tools.workDir("e2e-" + name);
        botId = name + (System.nanoTime() % 1_000_000);
        int simPort = FreePort.next();
        simControl = new SimControl(FreePort.next());
        Path gameplan = LocalSettings.writeTodaysGameplan(work.resolve("gameplan.json"), ZoneId.of("America/New_York"));
        Map<String, String> env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", server.address());
        env.put("TASK_QUEUE", "own-" + botId);
        env.put("BOT_ID", botId);
        env.put("GATEWAY_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", String.valueOf(simPort));
        env.put("GATEWAY_RETRY_INTERVAL", "1");
        env.put("GATEWAY_MAX_RETRIES", "20");
        env.put("GATEWAY_HANDSHAKE_TIMEOUT", "2");
        env.put("CLIENT_ID", String.valueOf(CLIENT_ID));
        env.put("PROBE_CLIENT_ID", "109");
        env.put("GAMEPLAN_PATH", gameplan.toString());
        env.put("SAFESTART_STATE_DIR", work.resolve("state").toString());
        env.put("HEARTBEAT_INTERVAL", "1");
        env.put("MONITOR_INTERVAL", String.valueOf(MONITOR_INTERVAL));
        env.put("DRY_RUN", "true");
        env.put("LOG_LEVEL", "INFO");
        cli = new Safestart(env, work);
        processes.add(simControl.spawnSimulator(cli, "sim-" + name, simPort, "READY"));
    }

    private ManagedProcess startWorker(String name) {
        return startWorker(cli, name);
    }

    /** A worker started as {@code side} says ({@code safestart worker <args>}), once it polls. */
    private ManagedProcess startWorker(Safestart side, String name, String... args) {
        List<String> command = new ArrayList<>(List.of("worker"));
        command.addAll(List.of(args));
        ManagedProcess worker = side.spawn(name, command.toArray(String[]::new));
        processes.add(worker);
        worker.awaitLog(l -> l.contains("worker polling task queue"), Duration.ofSeconds(60), name + " polling");
        return worker;
    }

    private void startValidated() throws Exception {
        CommandResult started = cli.run(Duration.ofSeconds(120), "start", botId, "--json", "--timeout", "90s");
        assertThat(started.exitCode()).as(started.describe()).isZero();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "ARMED".equals(monitor().path("owner_state").asText()));
    }

    // ---- the stories ----------------------------------------------------------------------------------

    @Test
    void holdSurvivesStart() throws Exception { // EC-22
        newBot("hold");
        ManagedProcess worker = startWorker("hold-worker");
        startValidated();

        CommandResult hold = cli.run(Duration.ofSeconds(60), "strategy-c", botId, "--reason", "FOMC");
        assertThat(hold.exitCode()).as(hold.describe()).isZero();
        long armedBefore = armedLines(worker);

        CommandResult again = cli.run(Duration.ofSeconds(120), "start", botId, "--json", "--timeout", "90s");
        assertThat(again.exitCode()).as(again.describe()).isNotEqualTo(1);

        JsonNode m = monitor();
        assertThat(m.path("owner_state").asText()).isEqualTo("HELD");
        assertThat(m.path("holds").toString()).contains("OPERATOR");
        assertThat(m.path("strategy_active").asText()).isEqualTo("C");
        assertThat(armedLines(worker))
                .as("the engine was never armed past the hold:\n" + worker.tail(30))
                .isEqualTo(armedBefore);
    }

    @Test
    void killNineAfterValidatedAndANewWorkerGiveTruthfulStatusThenAnAutomaticReArm() throws Exception { // EC-24, EC-31
        newBot("crash");
        ManagedProcess first = startWorker("crash-worker-1");
        startValidated();
        String oldEngine = monitor().path("engine_id").asText();
        assertThat(oldEngine).isNotBlank();

        first.kill9();
        ManagedProcess second = startWorker("crash-worker-2");
        // Truthful within one ping: the engine the owner validated is gone.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !monitor().path("validated").asBoolean(true)
                        || !oldEngine.equals(monitor().path("engine_id").asText()));
        // Then back without any command: a new engine, validated and armed.
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode m = monitor();
                    return "ARMED".equals(m.path("owner_state").asText())
                            && m.path("validated").asBoolean()
                            && !oldEngine.equals(m.path("engine_id").asText());
                });
        assertThat(simControl.sessionsWith(CLIENT_ID)).isEqualTo(1);
        // The dead worker's gateway watch times out as well, before or after the re-arm (EC-31): a lost watch, not a
        // gateway drop, so the bot stays armed with no hold to resume.
        second.awaitLog(
                log -> log.contains("gateway watch lost"),
                Duration.ofMinutes(2),
                "the dead worker's gateway watch timed out and watched again");
        JsonNode after = monitor();
        assertThat(after.path("owner_state").asText()).as(after.toString()).isEqualTo("ARMED");
        assertThat(after.path("strategy_active").asText()).isEqualTo("A");
        assertThat(second.log()).doesNotContain("gateway watch failed");
    }

    @Test
    void aStartRequestNamingAnotherPortOrDryRunFalseIsRefused() throws Exception { // EC-23
        newBot("widen");
        startWorker("widen-worker");

        CommandResult dryRunFalse = cli.run(Duration.ofSeconds(60), "start", botId, "--dry-run=false");
        assertThat(dryRunFalse.exitCode()).as(dryRunFalse.describe()).isEqualTo(1);
        assertThat(dryRunFalse.stdout()).contains("FAILED").contains("DRY_RUN=false refused");

        // Any caller with Temporal access, here the temporal CLI, naming a live port.
        String input = "{\"botId\":\"" + botId + "\",\"overrides\":{\"gatewayPort\":4001}}";
        server.temporal(
                        Duration.ofSeconds(30),
                        "workflow",
                        "start",
                        "--type",
                        "StartupWorkflow",
                        "--task-queue",
                        cli.env().get("TASK_QUEUE"),
                        "--workflow-id",
                        "startup-" + botId,
                        "--input",
                        input)
                .assertSuccess();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> cli.run(Duration.ofSeconds(30), "status", botId)
                        .stdout()
                        .contains("FAILED"));
        CommandResult status = cli.run(Duration.ofSeconds(30), "status", botId);
        assertThat(status.stdout()).contains("GATEWAY_PORT=4001 refused");
        JsonNode history =
                JSON.readTree(server.temporal("workflow", "show", "--workflow-id", "startup-" + botId, "-o", "json")
                        .assertSuccess()
                        .stdout());
        assertThat(EndToEndTest.activityTypes(history))
                .contains("resolveSettings")
                .doesNotContain("probePort")
                .doesNotContain("initModules");

        CommandResult otherBot = cli.run(Duration.ofSeconds(60), "start", "not-" + botId);
        assertThat(otherBot.exitCode()).as(otherBot.describe()).isEqualTo(1);
        assertThat(otherBot.stdout()).contains("BOT_ID: this worker serves bot '" + botId + "'");
        assertThat(simControl.sessionsWith(CLIENT_ID))
                .as("no trading session was opened")
                .isZero();
    }

    @Test
    void twoWorkersForOneBotAreDetectedAndRefused() throws Exception { // EC-25
        newBot("twins");
        startWorker("twins-worker-1");
        startValidated();
        startWorker("twins-worker-2");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode m = monitor();
                    return "REFUSED".equals(m.path("owner_state").asText())
                            || m.path("holds").toString().contains("TWO_ENGINES");
                });
        JsonNode m = monitor();
        assertThat(m.path("strategy_active").asText()).isEqualTo("C");
        assertThat(simControl.sessionsWith(CLIENT_ID))
                .as("one trading session per bot")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aMonitorWorkerOfItsOwnReportsTheStoppedTradingWorkerDownAndBack() throws Exception { // EC-28
        newBot("roles");
        String queue = cli.env().get("TASK_QUEUE");
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(server.address())
                .build());
        try (DiscordMock discord = new DiscordMock()) {
            ManagedProcess monitor = startWorker(
                    cli.with(Map.of(
                            "SAFESTART_STATE_DIR", work.resolve("monitor-state").toString(),
                            "DISCORD_WEBHOOK_URL", discord.webhookUrl())),
                    "roles-monitor",
                    "--role",
                    "monitor");
            Safestart botSide = cli.with(Map.of("WORKER_ROLE", "bot"));
            ManagedProcess bot = startWorker(botSide, "roles-bot-1");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pollers(stubs, queue).contains(bot.pid())
                            && pollers(stubs, queue + "-monitor").contains(monitor.pid()));
            assertThat(pollers(stubs, queue))
                    .as("the monitor process polls no bot queue")
                    .doesNotContain(monitor.pid());
            assertThat(pollers(stubs, queue + "-monitor")).doesNotContain(bot.pid());
            startValidated();

            RuntimeMonitorWorkflow owner = WorkflowClient.newInstance(stubs)
                    .newWorkflowStub(RuntimeMonitorWorkflow.class, RuntimeMonitorWorkflow.workflowId(botId));
            long stopped = System.nanoTime();
            bot.stop(Duration.ofSeconds(10)); // docker stop: SIGTERM, SIGKILL after 10 s
            MonitorStatus down = await().atMost(
                            Duration.ofSeconds(2L * MONITOR_INTERVAL).minusNanos(System.nanoTime() - stopped))
                    .pollInterval(Duration.ofMillis(100))
                    .until(owner::status, s -> !s.botWorkerAlive());
            System.out.printf(
                    "monitor process reported the SIGTERM'd trading worker down %d ms after the signal%n",
                    (System.nanoTime() - stopped) / 1_000_000);
            assertThat(down.lastError()).contains("bot worker down");
            await().atMost(Duration.ofSeconds(30)).until(() -> posted(discord, "CRITICAL", "Bot worker down"));
            assertThat(monitor.isAlive()).as(monitor.tail(30)).isTrue();

            startWorker(botSide, "roles-bot-2");
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(owner::status, s -> s.botWorkerAlive() && s.state() == OwnerState.ARMED && s.validated());
            await().atMost(Duration.ofSeconds(30)).until(() -> posted(discord, "INFO", "Bot worker back"));
        } finally {
            stubs.shutdownNow();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** Pids of the workers that polled {@code queue} (workflow or activity tasks), from their "pid@host" identity. */
    private static Set<Long> pollers(WorkflowServiceStubs stubs, String queue) {
        Set<Long> pids = new TreeSet<>();
        for (TaskQueueType type :
                List.of(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)) {
            for (PollerInfo p : stubs.blockingStub()
                    .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                            .setNamespace("default")
                            .setTaskQueue(TaskQueue.newBuilder().setName(queue).build())
                            .setTaskQueueType(type)
                            .build())
                    .getPollersList()) {
                String identity = p.getIdentity();
                int at = identity.indexOf('@');
                if (at > 0 && identity.substring(0, at).matches("\\d+")) {
                    pids.add(Long.parseLong(identity.substring(0, at)));
                }
            }
        }
        return pids;
    }

    private static boolean posted(DiscordMock discord, String severity, String title) {
        return discord.posts().stream().map(Object::toString).anyMatch(p -> p.contains(title) && p.contains(severity));
    }

    /** The monitor part of {@code status --json} (missing node while there is none). */
    private JsonNode monitor() {
        CommandResult r = cli.run(Duration.ofSeconds(30), "status", botId, "--json");
        try {
            return r.exitCode() == 0 ? JSON.readTree(r.stdout()).path("monitor") : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static long armedLines(ManagedProcess worker) {
        return worker.log()
                .lines()
                .filter(l -> l.contains("gameplan armed") && l.contains("gateOpen=true"))
                .count();
    }
}
