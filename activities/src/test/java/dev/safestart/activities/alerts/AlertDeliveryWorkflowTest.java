package dev.safestart.activities.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.alerts.AlertDelivery;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.AlertSeverity;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activity inside a tiny workflow that sends with {@link AlertDelivery}'s recommended options, on Temporal's
 * test environment (time skipping): the retry semantics are Temporal's, the HTTP is real (MockWebServer).
 */
class AlertDeliveryWorkflowTest {
    static final String TOKEN = "wfTOKEN_abcdefghijklmnopqrstuvwxyz_0123456789-ABCDEFGHIJKLMNOPQRSTUV";
    static final String QUEUE = "alerts-test";

    @WorkflowInterface
    public interface SendOneAlert {
        @WorkflowMethod
        AlertReceipt send(Alert alert);
    }

    public static class SendOneAlertImpl implements SendOneAlert {
        private final AlertActivities alerts = AlertDelivery.stub();

        @Override
        public AlertReceipt send(Alert alert) {
            return AlertDelivery.sendSafely(alerts, alert);
        }
    }

    /** Answers from a script (then 200 with a message id) and notes the Temporal time of every request. */
    final class Scripted extends Dispatcher {
        final Deque<MockResponse> script = new ArrayDeque<>();
        final List<Long> temporalMillis = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger ids = new AtomicInteger(1000);

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            temporalMillis.add(env.currentTimeMillis());
            MockResponse next = script.poll();
            return next != null
                    ? next
                    : new MockResponse()
                            .setResponseCode(200)
                            .setHeader("Content-Type", "application/json")
                            .setBody("{\"id\":\"" + ids.incrementAndGet() + "\"}");
        }
    }

    @TempDir
    Path stateDir;

    TestWorkflowEnvironment env;
    MockWebServer server;
    Scripted discord;
    WebhookUrl webhook;

    @BeforeAll
    static void quietLogs() {
        LogCapture.quiet();
    }

    @BeforeEach
    void start() throws Exception {
        env = TestWorkflowEnvironment.newInstance();
        server = new MockWebServer();
        discord = new Scripted();
        server.setDispatcher(discord);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        webhook = WebhookUrl.parse("http://127.0.0.1:" + server.getPort() + "/api/webhooks/1/" + TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
        server.shutdown();
    }

    DiscordAlertActivities activities(Duration callTimeout) {
        return new DiscordAlertActivities(
                Optional.of(webhook), DeliveryLedger.openIn(stateDir), Duration.ofSeconds(1), callTimeout);
    }

    AlertReceipt run(AlertActivities implementation, String workflowId) {
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(SendOneAlertImpl.class);
        worker.registerActivitiesImplementations(implementation);
        env.start();
        SendOneAlert wf = env.getWorkflowClient()
                .newWorkflowStub(
                        SendOneAlert.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(QUEUE)
                                .setWorkflowId(workflowId)
                                .build());
        return wf.send(new Alert(
                workflowId + "/failed",
                AlertSeverity.CRITICAL,
                "Startup failed",
                "Check the gateway.",
                "bot-1",
                "127.0.0.1:4002",
                30,
                30,
                300,
                "FAILED",
                workflowId,
                1_700_000_000_000L));
    }

    /**
     * The full history as text: its JSON form plus the protobuf text form, in which payloads are readable (not base64).
     */
    String history(String workflowId) {
        var history = env.getWorkflowClient().fetchHistory(workflowId);
        return history.toJson(true) + "\n" + history.getHistory().toString();
    }

    List<Integer> startedAttempts(String workflowId) {
        return env.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.hasActivityTaskStartedEventAttributes())
                .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
                .toList();
    }

    @Test
    void rateLimitedThenDeliveredAfterDiscordsWaitAsADurableRetry() {
        discord.script.add(new MockResponse()
                .setResponseCode(429)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"message\":\"You are being rate limited.\",\"retry_after\":42.5,\"global\":false}"));
        long wallStart = System.nanoTime();
        AlertReceipt receipt = run(activities(Duration.ofSeconds(2)), "startup-rl");

        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.DELIVERED);
        assertThat(server.getRequestCount()).isEqualTo(2);
        long waited = discord.temporalMillis.get(1) - discord.temporalMillis.get(0);
        assertThat(waited).as("Temporal time between the 429 and the retry").isGreaterThanOrEqualTo(42_500);
        assertThat(waited)
                .as("not the policy's 2 s backoff, not far beyond Discord's wait")
                .isLessThan(60_000);
        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(20));
        String history = history("startup-rl");
        assertThat(history).doesNotContain(TOKEN);
        assertThat(startedAttempts("startup-rl")).containsExactly(2); // the one started event records the retry
    }

    @Test
    void serverErrorThenDelivered() {
        discord.script.add(new MockResponse().setResponseCode(500).setBody("oops"));
        AlertReceipt receipt = run(activities(Duration.ofSeconds(2)), "startup-500");
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.DELIVERED);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(discord.temporalMillis.get(1) - discord.temporalMillis.get(0))
                .isGreaterThanOrEqualTo(2_000);
        assertThat(history("startup-500")).doesNotContain(TOKEN);
        assertThat(startedAttempts("startup-500")).containsExactly(2);
    }

    @Test
    void slowAnswerPastTheTimeoutIsRetried() {
        discord.script.add(new MockResponse()
                .setResponseCode(200)
                .setBody("{\"id\":\"late\"}")
                .setHeadersDelay(3, TimeUnit.SECONDS));
        AlertReceipt receipt = run(activities(Duration.ofMillis(400)), "startup-slow");
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.DELIVERED);
        assertThat(receipt.detail()).isNotEqualTo("message late");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void deletedWebhookIsRejectedOnceAndTheWorkflowCarriesOn() {
        discord.script.add(
                new MockResponse().setResponseCode(404).setBody("{\"message\":\"Unknown Webhook\",\"code\":10015}"));
        AlertReceipt receipt = run(activities(Duration.ofSeconds(2)), "startup-404");
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.REJECTED);
        assertThat(receipt.httpStatus()).isEqualTo(404);
        assertThat(server.getRequestCount()).isEqualTo(1);
        String history = history("startup-404");
        assertThat(history).contains("REJECTED").contains("Unknown Webhook").doesNotContain(TOKEN);
    }

    @Test
    void discordDownForGoodEndsUndeliveredWithoutFailingTheWorkflow() {
        for (int i = 0; i < 50; i++) {
            discord.script.add(new MockResponse().setResponseCode(503).setBody("down"));
        }
        AlertReceipt receipt = run(activities(Duration.ofSeconds(2)), "startup-down");
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.REJECTED);
        assertThat(receipt.detail()).startsWith("undelivered: AlertDeliveryFailed");
        assertThat(server.getRequestCount()).isEqualTo(AlertDelivery.MAX_ATTEMPTS);
        assertThat(history("startup-down")).doesNotContain(TOKEN);
    }

    @Test
    void aRetryOnAnotherHostWithItsOwnLedgerStillDoesNotPostAgain(@TempDir Path otherHost) {
        // Attempt 2 runs on a "different host": a different state directory, so its ledger knows nothing.
        // The confirmation travels in the activity's heartbeat details, which Temporal hands to the next attempt.
        AtomicInteger attempts = new AtomicInteger();
        AlertActivities hostAThenHostB = alert -> {
            if (attempts.incrementAndGet() == 1) {
                activities(Duration.ofSeconds(2)).sendAlert(alert);
                throw new IllegalArgumentException("host A died after the post");
            }
            return new DiscordAlertActivities(
                            Optional.of(webhook),
                            DeliveryLedger.openIn(otherHost),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(2))
                    .sendAlert(alert);
        };
        AlertReceipt receipt = run(hostAThenHostB, "startup-hosts");
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.ALREADY_DELIVERED);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void workerKilledRightAfterAConfirmedPostDoesNotPostAgainOnRetry() {
        // Attempt 1: the post is confirmed and recorded, then the worker "dies" before reporting completion.
        // Attempt 2 runs on a fresh activities instance (a restarted process) over the same state directory.
        AtomicInteger attempts = new AtomicInteger();
        AlertActivities crashingThenRestarted = alert -> {
            if (attempts.incrementAndGet() == 1) {
                activities(Duration.ofSeconds(2)).sendAlert(alert);
                throw new IllegalArgumentException("worker process killed after the post");
            }
            return activities(Duration.ofSeconds(2)).sendAlert(alert);
        };
        AlertReceipt receipt = run(crashingThenRestarted, "startup-crash");
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.ALREADY_DELIVERED);
        assertThat(receipt.detail()).isEqualTo("message 1001");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
