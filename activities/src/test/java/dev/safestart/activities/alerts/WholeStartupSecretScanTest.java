package dev.safestart.activities.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.activities.gameplan.GameplanActivitiesImpl;
import dev.safestart.activities.gateway.GatewayActivitiesImpl;
import dev.safestart.activities.modules.ModuleActivitiesImpl;
import dev.safestart.activities.settings.RequestAsWorkerSettings;
import dev.safestart.activities.startup.ArmingOwner;
import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.TwsBrokerConnection;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.Scenario;
import dev.safestart.sim.SimConfig;
import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.startup.StartupWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole startups with a webhook configured: the real StartupWorkflow, the real gateway/module/gameplan activities
 * against the simulator over real sockets, and this module's Discord activity posting to MockWebServer on
 * loopback (with a rate limit, a server error and a rejection on the way). Every log line of every logger at
 * DEBUG and the full histories of both workflows are scanned for the webhook token: it is in none of them.
 */
@Timeout(180)
class WholeStartupSecretScanTest {
    static final String TOKEN = "STARTUPcanary-0a1b2c3d4e5f6g7h8i9j_KLMNOPQRSTUVWXYZ.abcdefghijklmnopqrstu";
    static final String QUEUE = "startup-secret-scan";

    @TempDir
    Path dir;

    @Test
    void noLogLineAndNoHistoryHoldsTheWebhookToken() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level before = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
        List<String> histories = new ArrayList<>();
        List<String> posted = new ArrayList<>();
        StartupResult validated;
        StartupResult failed;
        String logs;
        try (LogCapture capture = new LogCapture();
                MockWebServer discord = new MockWebServer();
                GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults());
                DefaultTradingEngine engine = new DefaultTradingEngine(TwsBrokerConnection.connector())) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);
            QueueDispatcher answers = new QueueDispatcher();
            answers.setFailFast(new MockResponse().setResponseCode(200).setBody("{\"id\":\"900\"}"));
            String echo = "{\"message\":\"%s\"}";
            answers.enqueueResponse(new MockResponse()
                    .setResponseCode(429)
                    .setHeader("Retry-After", "1")
                    .setBody("{\"message\":\"You are being rate limited.\",\"retry_after\":1.5}"));
            answers.enqueueResponse(new MockResponse().setResponseCode(500).setBody("upstream error"));
            discord.setDispatcher(answers);
            discord.start(InetAddress.getByName("127.0.0.1"), 0);
            String raw = "http://127.0.0.1:" + discord.getPort() + "/api/webhooks/20260210/" + TOKEN;

            AlertsConfig config = AlertsConfig.fromEnvironment(Map.of(
                    "DISCORD_WEBHOOK_URL",
                    raw,
                    "SAFESTART_STATE_DIR",
                    dir.resolve("state").toString(),
                    "ALERT_HTTP_TIMEOUT",
                    "2"));
            try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
                    DiscordAlertActivities alerts = DiscordAlertActivities.create(config)) {
                for (String name : new String[] {"BotId", "StartupOutcome", "GatewayState", "ActiveStrategy"}) {
                    env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
                }
                Worker worker = env.newWorker(QUEUE);
                worker.registerWorkflowImplementationTypes(StartupWorkflowImpl.class);
                worker.registerActivitiesImplementations(
                        GatewayActivitiesImpl.overTws(),
                        new ModuleActivitiesImpl(engine),
                        new GameplanActivitiesImpl(),
                        alerts,
                        new ArmingOwner(engine),
                        new RequestAsWorkerSettings());
                env.start();
                Path plan = writePlan(env);

                // 1. The gateway is still logging in for a while (WARNING at attempt 3), then READY: VALIDATED (INFO).
                sim.play(Scenario.fromJson("""
                        {"name":"slow-login","steps":[{"mode":"API_NOT_READY","seconds":4},{"mode":"READY"}]}"""));
                validated = start(env, "scan-ok", settings(sim.host(), sim.port(), 20, plan));
                histories.add(history(env, "scan-ok"));

                // 2. A gateway that never starts: WARNING, then CRITICAL — which Discord rejects (webhook deleted).
                answers.enqueueResponse(new MockResponse().setResponseCode(200).setBody("{\"id\":\"901\"}"));
                answers.enqueueResponse(
                        new MockResponse().setResponseCode(404).setBody(String.format(echo, "Unknown Webhook " + raw)));
                failed = start(env, "scan-failed", settings("127.0.0.1", closedPort(), 3, plan));
                histories.add(history(env, "scan-failed"));
            }
            for (int i = discord.getRequestCount(); i > 0; i--) {
                RecordedRequest r = discord.takeRequest();
                posted.add(r.getBody().readUtf8());
            }
            logs = capture.all();
        } finally {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(before);
            LogCapture.quiet();
        }

        assertThat(validated.outcome()).as(validated.reason()).isEqualTo(StartupOutcome.VALIDATED);
        assertThat(failed.outcome()).isEqualTo(StartupOutcome.FAILED); // a rejected alert changes nothing
        // The scanned material is real: alerts of each kind went to "Discord", through each delivery path.
        ObjectMapper json = new ObjectMapper();
        List<String> titles = new ArrayList<>();
        for (String body : posted) {
            JsonNode embed = json.readTree(body).path("embeds").get(0);
            titles.add(embed.path("title").asText());
        }
        assertThat(titles)
                .anyMatch(t -> t.startsWith("INFO"))
                .anyMatch(t -> t.startsWith("WARNING"))
                .anyMatch(t -> t.startsWith("CRITICAL"));
        assertThat(logs)
                .contains("rate-limited")
                .contains("HTTP 500")
                .contains("HTTP 404")
                .contains("/api/webhooks/20260210/****");
        assertThat(String.join("\n", histories))
                .contains("DELIVERED")
                .contains("REJECTED")
                .contains("scan-ok");

        assertThat(logs).doesNotContain(TOKEN);
        for (String h : histories) {
            assertThat(h).doesNotContain(TOKEN);
        }
        assertThat(validated.toString()).doesNotContain(TOKEN);
        assertThat(failed.toString()).doesNotContain(TOKEN);
    }

    static StartupResult start(TestWorkflowEnvironment env, String botId, StartupSettings settings) {
        StartupWorkflow wf = env.getWorkflowClient()
                .newWorkflowStub(
                        StartupWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(StartupWorkflow.workflowId(botId))
                                .setTaskQueue(QUEUE)
                                .build());
        return wf.start(new StartupRequest(botId, settings));
    }

    /** The whole history: JSON, and the protobuf text form in which payloads are readable rather than base64. */
    static String history(TestWorkflowEnvironment env, String botId) {
        var history = env.getWorkflowClient().fetchHistory(StartupWorkflow.workflowId(botId));
        return history.toJson(true) + "\n" + history.getHistory();
    }

    static StartupSettings settings(String host, int port, int maxRetries, Path plan) {
        return StartupSettings.builder()
                .gatewayHost(host)
                .gatewayPort(port)
                .startupTimeoutSeconds(120)
                .maxRetries(maxRetries)
                .retryIntervalSeconds(1)
                .retryCapSeconds(2)
                .handshakeTimeoutSeconds(1)
                .gameplanPath(plan.toString())
                .build();
    }

    Path writePlan(TestWorkflowEnvironment env) throws Exception {
        String today = Instant.ofEpochMilli(env.currentTimeMillis())
                .atZone(ZoneId.of("America/New_York"))
                .toLocalDate()
                .toString();
        return Files.writeString(dir.resolve("gameplan.json"), """
                {"date":"%s","strategy":"A","symbols":["SPY"],
                 "hard_limits":{"max_daily_loss_pct":0.02,"max_single_position":120}}""".formatted(today));
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
