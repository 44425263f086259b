package dev.safestart.activities.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.safestart.activities.alerts.AlertDeliveryWorkflowTest.SendOneAlert;
import dev.safestart.activities.alerts.AlertDeliveryWorkflowTest.SendOneAlertImpl;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.AlertSeverity;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every path an alert can take — delivered, rate-limited, server error, timeout, rejected, webhook gone — with
 * every logger at DEBUG, then a scan of every log line (messages, MDC, exceptions and their causes) and of the
 * full workflow histories (JSON and protobuf text, where payloads are readable) for the webhook token: none.
 */
class WebhookTokenLeakTest {
    static final String TOKEN = "LEAKcanary_9f8e7d6c5b4a3210-ZYXWVUTSRQPONMLKJIHGFEDCBA.zyxwvutsrqponmlk";

    @TempDir
    Path stateDir;

    @Test
    void theTokenAppearsInNoLogLineAndNoHistory() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level before = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
        List<String> histories = new ArrayList<>();
        List<AlertReceipt> receipts = new ArrayList<>();
        String logs;
        try (LogCapture capture = new LogCapture();
                MockWebServer server = new MockWebServer()) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            String raw = "http://127.0.0.1:" + server.getPort() + "/api/webhooks/31337/" + TOKEN;
            // The worker's way in: from the environment.
            AlertsConfig config = AlertsConfig.fromEnvironment(Map.of(
                    "DISCORD_WEBHOOK_URL", raw, "SAFESTART_STATE_DIR", stateDir.toString(), "ALERT_HTTP_TIMEOUT", "1"));
            LoggerFactory.getLogger("test").info("configured {}", config);

            QueueDispatcher queue = new QueueDispatcher();
            server.setDispatcher(queue);
            String echo = "{\"message\":\"bad " + raw + "\"}"; // a hostile server echoing the URL back
            queue.enqueueResponse(new MockResponse()
                    .setResponseCode(429)
                    .setHeader("Retry-After", "1")
                    .setBody(echo));
            queue.enqueueResponse(new MockResponse().setResponseCode(200).setBody("{\"id\":\"1\"}")); // INFO
            queue.enqueueResponse(new MockResponse().setResponseCode(500).setBody(echo));
            queue.enqueueResponse(new MockResponse().setResponseCode(200).setBody("{\"id\":\"2\"}")); // WARNING
            queue.enqueueResponse(
                    new MockResponse().setResponseCode(200).setBody("{}").setHeadersDelay(3, TimeUnit.SECONDS));
            queue.enqueueResponse(new MockResponse().setResponseCode(200).setBody("{\"id\":\"3\"}")); // ERROR
            queue.enqueueResponse(new MockResponse().setResponseCode(404).setBody(echo)); // CRITICAL

            try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
                    DiscordAlertActivities activities = DiscordAlertActivities.create(config)) {
                Worker worker = env.newWorker("leak");
                worker.registerWorkflowImplementationTypes(SendOneAlertImpl.class);
                worker.registerActivitiesImplementations(activities);
                env.start();
                int i = 0;
                for (AlertSeverity severity : AlertSeverity.values()) {
                    String id = "startup-leak-" + (i++);
                    SendOneAlert wf = env.getWorkflowClient()
                            .newWorkflowStub(
                                    SendOneAlert.class,
                                    WorkflowOptions.newBuilder()
                                            .setTaskQueue("leak")
                                            .setWorkflowId(id)
                                            .build());
                    receipts.add(wf.send(new Alert(
                            id + "/" + severity,
                            severity,
                            severity + " alert",
                            "what to do",
                            "bot-1",
                            "127.0.0.1:4002",
                            3,
                            30,
                            12,
                            "HANDSHAKE_TIMEOUT",
                            id,
                            1_700_000_000_000L)));
                    var history = env.getWorkflowClient().fetchHistory(id);
                    histories.add(history.toJson(true) + "\n" + history.getHistory());
                }
                server.shutdown(); // the webhook's host goes away: connection refused, also retried and logged
                String id = "startup-leak-gone";
                SendOneAlert wf = env.getWorkflowClient()
                        .newWorkflowStub(
                                SendOneAlert.class,
                                WorkflowOptions.newBuilder()
                                        .setTaskQueue("leak")
                                        .setWorkflowId(id)
                                        .setWorkflowRunTimeout(Duration.ofHours(1))
                                        .build());
                receipts.add(wf.send(new Alert(
                        id + "/x", AlertSeverity.CRITICAL, "gone", "d", "bot-1", null, 0, 0, 0, null, id, 1L)));
                var history = env.getWorkflowClient().fetchHistory(id);
                histories.add(history.toJson(true) + "\n" + history.getHistory());
            }
            logs = capture.all();
        } finally {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(before);
            LogCapture.quiet();
        }

        assertThat(receipts)
                .extracting(AlertReceipt::status)
                .containsExactly(
                        AlertReceipt.Status.DELIVERED,
                        AlertReceipt.Status.DELIVERED,
                        AlertReceipt.Status.DELIVERED,
                        AlertReceipt.Status.REJECTED,
                        AlertReceipt.Status.REJECTED);
        assertThat(receipts.get(4).detail()).startsWith("undelivered: AlertDeliveryFailed");
        // the scan is over real material: the logs saw each path, the histories hold the alerts
        assertThat(logs)
                .contains("rate-limited")
                .contains("HTTP 500")
                .contains("timeout")
                .contains("HTTP 404")
                .contains("/api/webhooks/31337/****")
                .contains("Failed to connect");
        assertThat(histories).allSatisfy(h -> assertThat(h).contains("bot-1"));
        assertThat(logs).doesNotContain(TOKEN);
        assertThat(histories).allSatisfy(h -> assertThat(h).doesNotContain(TOKEN));
        for (AlertReceipt r : receipts) {
            assertThat(String.valueOf(r)).doesNotContain(TOKEN);
        }
    }
}
