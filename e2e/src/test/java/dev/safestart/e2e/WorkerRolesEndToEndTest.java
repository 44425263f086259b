package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.OwnerState;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compose layout, as processes on the real dev server: a trading worker ({@code WORKER_ROLE=bot}) and a monitor
 * worker ({@code safestart worker --role monitor}) in two JVMs. Each polls only its own queues; stopping the trading
 * worker as {@code docker stop} does (SIGTERM) is reported by the monitor process, "bot worker down" (CRITICAL, to
 * its webhook), within 2 x MONITOR_INTERVAL, and cleared when a trading worker is back.
 */
@ExtendWith(DevServerExtension.class)
class WorkerRolesEndToEndTest {
    static final int MONITOR_INTERVAL = 3;
    static DevServer server;

    private final List<ManagedProcess> processes = new ArrayList<>();
    private WorkflowServiceStubs stubs;

    @BeforeAll
    static void server(DevServer devServer) {
        server = devServer;
    }

    @AfterEach
    void stopParts() {
        for (ManagedProcess p : processes) {
            p.close();
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
    }

    @Test
    void aSeparateMonitorProcessReportsTheStoppedTradingWorkerAndItsReturn() throws Exception {
        Path work = Tools.workDir("e2e-roles");
        String botId = "roles" + (System.nanoTime() % 1_000_000);
        String queue = "roles-" + botId;
        int simPort = FreePort.next();
        Path gameplan = work.resolve("gameplan.json");
        Files.writeString(
                gameplan,
                "{\"date\":\"" + LocalDate.now(ZoneId.of("America/New_York"))
                        + "\",\"strategy\":\"A\",\"symbols\":[\"SPY\"],"
                        + "\"hard_limits\":{\"max_daily_loss_pct\":0.10,\"max_single_position\":120}}");
        Map<String, String> env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", server.address());
        env.put("TASK_QUEUE", queue);
        env.put("BOT_ID", botId);
        env.put("GATEWAY_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", String.valueOf(simPort));
        env.put("GATEWAY_RETRY_INTERVAL", "1");
        env.put("GATEWAY_HANDSHAKE_TIMEOUT", "2");
        env.put("GAMEPLAN_PATH", gameplan.toString());
        env.put("MONITOR_INTERVAL", String.valueOf(MONITOR_INTERVAL));
        Safestart cli = new Safestart(env, work);
        processes.add(cli.spawn(
                "roles-sim", "sim", "--port", String.valueOf(simPort), "--accounts", "DU1234567", "--mode", "READY"));

        try (DiscordMock discord = new DiscordMock()) {
            ManagedProcess monitor = start(
                    cli.with(Map.of(
                            "SAFESTART_STATE_DIR", work.resolve("monitor-state").toString(),
                            "DISCORD_WEBHOOK_URL", discord.webhookUrl())),
                    "roles-monitor",
                    "worker",
                    "--role",
                    "monitor");
            Safestart botSide = cli.with(Map.of(
                    "WORKER_ROLE",
                    "bot",
                    "SAFESTART_STATE_DIR",
                    work.resolve("bot-state").toString()));
            ManagedProcess bot = start(botSide, "roles-bot-1", "worker");

            // Each process polls only its own queues.
            stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(server.address())
                    .build());
            String monitorQueue = queue + "-monitor";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pollers(queue).contains(bot.pid())
                            && pollers(monitorQueue).contains(monitor.pid()));
            assertThat(pollers(queue)).doesNotContain(monitor.pid());
            assertThat(pollers(monitorQueue)).doesNotContain(bot.pid());

            CommandResult started = cli.run(Duration.ofSeconds(120), "start", botId, "--timeout", "90s");
            assertThat(started.exitCode()).as(started.describe()).isZero();
            RuntimeMonitorWorkflow owner = WorkflowClient.newInstance(
                            stubs, WorkflowClientOptions.newBuilder().build())
                    .newWorkflowStub(RuntimeMonitorWorkflow.class, RuntimeMonitorWorkflow.workflowId(botId));
            awaitStatus(owner, s -> s.state() == OwnerState.ARMED && s.botWorkerAlive(), Duration.ofSeconds(60));

            long stopped = System.nanoTime();
            bot.stop(Duration.ofSeconds(10)); // docker stop: SIGTERM, SIGKILL after 10 s
            MonitorStatus down = awaitStatus(
                    owner,
                    s -> !s.botWorkerAlive(),
                    Duration.ofSeconds(2L * MONITOR_INTERVAL).minusNanos(System.nanoTime() - stopped));
            assertThat(down.lastError()).contains("bot worker down");
            System.out.printf(
                    "monitor process reported the SIGTERM'd trading worker down %d ms after the signal%n",
                    (System.nanoTime() - stopped) / 1_000_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> posted(discord, "CRITICAL", "Bot worker down"));
            assertThat(monitor.isAlive()).as(monitor.tail(30)).isTrue();

            ManagedProcess back = start(botSide, "roles-bot-2", "worker");
            awaitStatus(
                    owner,
                    s -> s.botWorkerAlive() && s.state() == OwnerState.ARMED && s.validated(),
                    Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(30)).until(() -> posted(discord, "INFO", "Bot worker back"));
            assertThat(back.isAlive()).isTrue();
        }
    }

    private ManagedProcess start(Safestart cli, String name, String... args) {
        ManagedProcess p = cli.spawn(name, args);
        processes.add(p);
        p.awaitLog(l -> l.contains("worker polling task queue"), Duration.ofSeconds(60), name + " polling");
        return p;
    }

    /** Pids of the workers that polled {@code queue} (workflow or activity tasks), from their "pid@host" identity. */
    private Set<Long> pollers(String queue) {
        Set<Long> pids = new TreeSet<>();
        for (TaskQueueType type :
                List.of(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)) {
            List<PollerInfo> pollers = stubs.blockingStub()
                    .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                            .setNamespace("default")
                            .setTaskQueue(TaskQueue.newBuilder().setName(queue).build())
                            .setTaskQueueType(type)
                            .build())
                    .getPollersList();
            for (PollerInfo p : pollers) {
                String identity = p.getIdentity();
                int at = identity.indexOf('@');
                if (at > 0 && identity.substring(0, at).matches("\\d+")) {
                    pids.add(Long.parseLong(identity.substring(0, at)));
                }
            }
        }
        return pids;
    }

    private static MonitorStatus awaitStatus(
            RuntimeMonitorWorkflow owner, Predicate<MonitorStatus> condition, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(owner::status, condition);
    }

    private static boolean posted(DiscordMock discord, String severity, String title) {
        return discord.posts().stream().map(Object::toString).anyMatch(p -> p.contains(title) && p.contains(severity));
    }
}
