package dev.safestart.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimStatus;
import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.OwnerState;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WORKER_ROLE splits a bot into a trading process ({@code bot}) and an oversight process ({@code monitor}), as the
 * compose stack runs them in two containers. Two {@link WorkerWiring}s, each with its own worker factory (its own
 * pollers, as two processes have), on Temporal's test server in real time; the gateway simulator over loopback; a
 * local HTTP server standing in for Discord, configured in the monitor process only.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WorkerRolesTest {
    static final String BOT = "roles-bot";
    static final String QUEUE = "roles";
    static final int MONITOR_INTERVAL = 3;
    /** The monitor must notice a stopped trading worker within this (2 × MONITOR_INTERVAL). */
    static final Duration NOTICE_WITHIN = Duration.ofSeconds(2L * MONITOR_INTERVAL);

    @TempDir
    Path dir;

    TestWorkflowEnvironment env;
    WorkflowClient client;
    GatewaySimulator sim;
    MockWebServer discord;
    final List<String> posted = new CopyOnWriteArrayList<>();
    Map<String, String> vars;

    @BeforeEach
    void setUp() throws Exception {
        env = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        for (String name : List.of("BotId", "StartupOutcome", "GatewayState", "ActiveStrategy")) {
            env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        env.start();
        client = env.getWorkflowClient();
        sim = GatewaySimulator.start(SimConfig.defaults());
        discord = new MockWebServer();
        AtomicInteger ids = new AtomicInteger(1000);
        discord.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                posted.add(request.getBody().readUtf8());
                return new MockResponse()
                        .setResponseCode(200)
                        .setBody("{\"id\":\"" + ids.incrementAndGet() + "\",\"type\":0}");
            }
        });
        discord.start();
        Path plan = dir.resolve("gameplan.json");
        Files.writeString(
                plan,
                "{\"date\":\"" + LocalDate.now(ZoneId.of("America/New_York"))
                        + "\",\"strategy\":\"A\",\"symbols\":[\"SPY\"],"
                        + "\"hard_limits\":{\"max_daily_loss_pct\":0.10,\"max_single_position\":120}}",
                StandardCharsets.UTF_8);
        vars = new HashMap<>();
        vars.put("BOT_ID", BOT);
        vars.put("TASK_QUEUE", QUEUE);
        vars.put("GATEWAY_HOST", sim.host());
        vars.put("GATEWAY_PORT", String.valueOf(sim.port()));
        vars.put("GATEWAY_HANDSHAKE_TIMEOUT", "2");
        vars.put("GATEWAY_RETRY_INTERVAL", "1");
        vars.put("GAMEPLAN_PATH", plan.toString());
        vars.put("MONITOR_INTERVAL", String.valueOf(MONITOR_INTERVAL));
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
        sim.close();
        discord.shutdown();
    }

    /** A bot process: trading side only; its alerts (the startup's) go to its log. */
    WorkerWiring botProcess() {
        return WorkerWiring.start(
                client,
                config("bot", Map.of("SAFESTART_STATE_DIR", dir.resolve("bot").toString())));
    }

    /** A monitor process: the runtime monitor only, with its own webhook and alert ledger. */
    WorkerWiring monitorProcess() {
        return WorkerWiring.start(
                client,
                config(
                        "monitor",
                        Map.of(
                                "SAFESTART_STATE_DIR",
                                dir.resolve("monitor").toString(),
                                "DISCORD_WEBHOOK_URL",
                                "http://127.0.0.1:" + discord.getPort() + "/api/webhooks/7/roles-test-token")));
    }

    WorkerConfig config(String role, Map<String, String> more) {
        Map<String, String> v = new HashMap<>(vars);
        v.put("WORKER_ROLE", role);
        v.putAll(more);
        return WorkerConfig.fromEnv(v);
    }

    StartupResult startup() {
        return client.newWorkflowStub(
                        StartupWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(StartupWorkflow.workflowId(BOT))
                                .setTaskQueue(QUEUE)
                                .build())
                .start(StartupRequest.forBot(BOT));
    }

    MonitorStatus awaitMonitor(Predicate<MonitorStatus> condition, Duration atMost) {
        RuntimeMonitorWorkflow monitor =
                client.newWorkflowStub(RuntimeMonitorWorkflow.class, RuntimeMonitorWorkflow.workflowId(BOT));
        return await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(monitor::status, condition);
    }

    /** Waits for the monitor's gateway watch to open a new probe connection. */
    void awaitProbe() {
        long accepted = sim.counters().accepted();
        await().atMost(Duration.ofSeconds(4L * MONITOR_INTERVAL))
                .until(() -> sim.counters().accepted() > accepted);
    }

    static boolean armed(MonitorStatus s) {
        return s.state() == OwnerState.ARMED && "A".equals(s.strategyActive()) && s.validated() && s.botWorkerAlive();
    }

    boolean alerted(String title) {
        return posted.stream().anyMatch(body -> body.contains(title));
    }

    @Test
    void aBotProcessAndAMonitorProcessTogetherRunAStartupToValidatedAndTheMonitorArms() {
        try (WorkerWiring monitor = monitorProcess();
                WorkerWiring bot = botProcess()) {
            assertThat(bot.taskQueues()).containsExactly(QUEUE, bot.engineTaskQueue());
            assertThat(bot.engineTaskQueue()).startsWith(QUEUE + "@");
            assertThat(monitor.taskQueues()).containsExactly(QUEUE + "-monitor");

            StartupResult result = startup();

            assertThat(result.outcome()).as(result.reason()).isEqualTo(StartupOutcome.VALIDATED);
            MonitorStatus status = awaitMonitor(WorkerRolesTest::armed, Duration.ofSeconds(30));
            assertThat(status.engineId()).isEqualTo(bot.engine().orElseThrow().engineId());
            assertThat(bot.engine().orElseThrow().status().orderGateOpen()).isTrue();
        }
    }

    @Test
    void aStoppedBotWorkerIsReportedDownByTheMonitorProcessAndClearedWhenABotWorkerIsBack() {
        try (WorkerWiring monitor = monitorProcess()) {
            WorkerWiring bot = botProcess();
            try {
                assertThat(startup().outcome()).isEqualTo(StartupOutcome.VALIDATED);
                awaitMonitor(WorkerRolesTest::armed, Duration.ofSeconds(30));
            } finally {
                long stopped = System.nanoTime();
                bot.close(); // docker stop: SIGTERM, the worker process drains
                // The monitor notices within 2 x MONITOR_INTERVAL of the stop, and its alert reaches "Discord".
                Duration left = NOTICE_WITHIN.minusNanos(System.nanoTime() - stopped);
                MonitorStatus down = awaitMonitor(s -> !s.botWorkerAlive(), left);
                assertThat(down.lastError()).contains("bot worker down");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> alerted("Bot worker down"));
            assertThat(posted)
                    .filteredOn(b -> b.contains("Bot worker down"))
                    .allSatisfy(b -> assertThat(b).contains("CRITICAL"));

            // The monitor process keeps running: it answers queries, and its gateway watch goes on probing (a new
            // connection to the gateway every MONITOR_INTERVAL; the bot's process is gone).
            awaitProbe();
            assertThat(monitor.factory().isShutdown()).isFalse();

            try (WorkerWiring back = botProcess()) {
                MonitorStatus alive = awaitMonitor(MonitorStatus::botWorkerAlive, Duration.ofSeconds(30));
                assertThat(alive.recentDecisions()).anyMatch(d -> d.decision().equals("BOT_WORKER_BACK"));
                await().atMost(Duration.ofSeconds(10)).until(() -> alerted("Bot worker back"));
                // With no hold, the owner validates and arms the new worker's engine by itself.
                awaitMonitor(
                        s -> armed(s)
                                && s.engineId()
                                        .equals(back.engine().orElseThrow().engineId()),
                        Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void aKilledBotWorkerIsReportedDownWithinTwoMonitorIntervals() {
        try (WorkerWiring monitor = monitorProcess();
                WorkerWiring bot = botProcess()) {
            assertThat(startup().outcome()).isEqualTo(StartupOutcome.VALIDATED);
            awaitMonitor(WorkerRolesTest::armed, Duration.ofSeconds(30));
            long killed = System.nanoTime();
            // As the existing "bot worker down" tests stop it: the trading worker's pollers and tasks die at once,
            // nothing is drained (a crash, or docker kill).
            bot.factory().shutdownNow();
            MonitorStatus down =
                    awaitMonitor(s -> !s.botWorkerAlive(), NOTICE_WITHIN.minusNanos(System.nanoTime() - killed));
            assertThat(down.lastError()).contains("bot worker down");
            await().atMost(Duration.ofSeconds(10)).until(() -> alerted("Bot worker down"));
        }
    }

    @Test
    void aMonitorProcessHoldsNoEngineOpensNoTradingSessionAndPollsNoBotQueue() {
        try (WorkerWiring monitor = monitorProcess()) {
            assertThat(monitor.role()).isEqualTo(WorkerRole.MONITOR);
            assertThat(monitor.engine()).isEmpty();
            assertThat(monitor.engineTaskQueue()).isEmpty();
            assertThat(monitor.taskQueues()).containsExactly(QUEUE + "-monitor");
            assertThat(monitor.factory().tryGetWorker(QUEUE)).isNull();
            assertThat(monitor.factory().tryGetWorker(QUEUE + "-monitor")).isNotNull();
            assertThatThrownBy(() -> WorkerWiring.builder(client, monitor.config())
                            .engine(WorkerWiring.newEngine(monitor.config()))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("WORKER_ROLE=monitor holds no trading engine");

            try (WorkerWiring bot = botProcess()) {
                assertThat(startup().outcome()).isEqualTo(StartupOutcome.VALIDATED);
                awaitMonitor(WorkerRolesTest::armed, Duration.ofSeconds(30));
                assertThat(sim.status().clientIds())
                        .as("the bot's trading session")
                        .contains(1);
            }
            // Only the monitor process runs now: it keeps probing the gateway with PROBE_CLIENT_ID, but nothing holds
            // a trading session (CLIENT_ID 1) any more.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !sim.status().clientIds().contains(1));
            awaitMonitor(s -> !s.botWorkerAlive(), NOTICE_WITHIN.plusSeconds(5));
            awaitProbe();
            SimStatus after = sim.status();
            assertThat(after.clientIds()).doesNotContain(1);
            assertThat(after.sessions())
                    .allSatisfy(s -> assertThat(s.clientId()).isNotEqualTo(1));
        }
    }
}
