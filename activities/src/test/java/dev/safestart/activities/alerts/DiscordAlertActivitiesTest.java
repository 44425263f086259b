package dev.safestart.activities.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.AlertSeverity;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activity called directly against MockWebServer over real HTTP (the Temporal retry loop is in
 * AlertDeliveryWorkflowTest).
 */
class DiscordAlertActivitiesTest {
    static final String TOKEN = "tok_abcdefghijklmnopqrstuvwxyz-0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    MockWebServer server;
    WebhookUrl webhook;
    LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        server = new MockWebServer();
        server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        webhook = WebhookUrl.parse("http://127.0.0.1:" + server.getPort() + "/api/webhooks/4242/" + TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        logs.close();
    }

    static Alert alert(String id) {
        return new Alert(
                id,
                AlertSeverity.CRITICAL,
                "Startup failed",
                "The gateway never authenticated within 300 s. Check the IB Gateway login (2FA?) "
                        + "and run `safestart start bot-1` again.",
                "bot-1",
                "gateway:4002",
                30,
                30,
                301,
                "HANDSHAKE_TIMEOUT",
                "startup-bot-1",
                Instant.parse("2026-02-10T14:30:00Z").toEpochMilli());
    }

    DiscordAlertActivities activities() {
        return activities(Duration.ofSeconds(2));
    }

    DiscordAlertActivities activities(Duration callTimeout) {
        return new DiscordAlertActivities(
                Optional.of(webhook), DeliveryLedger.openIn(stateDir), Duration.ofSeconds(1), callTimeout);
    }

    static MockResponse posted(String messageId) {
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"id\":\"" + messageId + "\",\"type\":0,\"content\":\"...\"}");
    }

    @Test
    void postsOneEmbedWithEveryFactAndNoMentions() throws Exception {
        server.enqueue(posted("1100000000000000001"));
        AlertReceipt receipt = activities().sendAlert(alert("startup-bot-1/failed"));

        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.DELIVERED);
        assertThat(receipt.httpStatus()).isEqualTo(200);
        assertThat(receipt.detail()).isEqualTo("message 1100000000000000001");

        RecordedRequest req = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getPath()).isEqualTo("/api/webhooks/4242/" + TOKEN + "?wait=true");
        assertThat(req.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(req.getBody().readUtf8());
        assertThat(body.path("content").asText()).isEqualTo("**CRITICAL** bot-1: Startup failed");
        assertThat(body.path("allowed_mentions").path("parse").isArray()).isTrue();
        assertThat(body.path("allowed_mentions").path("parse")).isEmpty();
        assertThat(body.path("embeds")).hasSize(1);
        JsonNode embed = body.path("embeds").get(0);
        assertThat(embed.path("title").asText()).isEqualTo("CRITICAL · Startup failed");
        assertThat(embed.path("description").asText())
                .contains("Check the IB Gateway login")
                .contains("\\`safestart start bot-1\\`");
        assertThat(embed.path("color").asInt()).isEqualTo(0xE74C3C);
        assertThat(embed.path("timestamp").asText()).isEqualTo("2026-02-10T14:30:00Z");
        assertThat(embed.path("footer").path("text").asText()).isEqualTo("alert startup-bot-1/failed");
        assertThat(fields(embed))
                .containsExactly(
                        "Bot=bot-1",
                        "Gateway=gateway:4002",
                        "Attempt=30/30",
                        "Elapsed=5 min 1 s",
                        "State=HANDSHAKE\\_TIMEOUT",
                        "Workflow=startup-bot-1");
    }

    @Test
    void coloursDifferPerSeverity() {
        assertThat(java.util.Arrays.stream(AlertSeverity.values())
                        .map(DiscordPayload::colour)
                        .distinct())
                .hasSize(4);
    }

    @Test
    void hostileAndOversizedTextIsCutToDiscordLimitsAndPingsNobody() throws Exception {
        String huge = "x".repeat(9_990) + "😀😀😀😀😀";
        String hostile =
                "@everyone @here <@123456> <@!42> <@&77> <#99> [click](https://evil.example) **bold** ||spoiler|| "
                        + "```code``` \u202Eevil\u0007\n# heading\n> quote\n- list\n" + huge;
        Alert a = new Alert(
                "id-hostile",
                AlertSeverity.ERROR,
                "@everyone " + "T".repeat(400),
                hostile,
                "@here" + "b".repeat(2_000),
                "<@1>:" + "g".repeat(2_000),
                10,
                30,
                90,
                "S".repeat(5_000),
                "w".repeat(3_000),
                1L);
        server.enqueue(posted("1"));
        assertThat(activities().sendAlert(a).status()).isEqualTo(AlertReceipt.Status.DELIVERED);

        JsonNode body = JSON.readTree(server.takeRequest().getBody().readUtf8());
        String content = body.path("content").asText();
        JsonNode embed = body.path("embeds").get(0);
        String title = embed.path("title").asText();
        String description = embed.path("description").asText();
        assertThat(content.length()).isLessThanOrEqualTo(2_000);
        assertThat(title.length()).isLessThanOrEqualTo(256);
        assertThat(description.length()).isLessThanOrEqualTo(4_096);
        int total = title.length()
                + description.length()
                + embed.path("footer").path("text").asText().length();
        for (JsonNode f : embed.path("fields")) {
            assertThat(f.path("name").asText().length()).isLessThanOrEqualTo(256);
            assertThat(f.path("value").asText().length()).isLessThanOrEqualTo(1_024);
            total += f.path("name").asText().length() + f.path("value").asText().length();
        }
        assertThat(total).isLessThanOrEqualTo(6_000);
        assertThat(embed.path("fields").size()).isLessThanOrEqualTo(25);
        assertThat(description).endsWith("…");
        assertThat(title).endsWith("…");

        String everything = body.toString();
        // No live mention syntax survives anywhere, and the payload tells Discord to parse none anyway.
        for (String text :
                new String[] {content, title, description, embed.path("fields").toString()}) {
            assertThat(text)
                    .doesNotContain("@everyone")
                    .doesNotContain("@here")
                    .doesNotContainPattern("<@[!&]?\\d+>")
                    .doesNotContainPattern("<#\\d+>")
                    .doesNotContain("\u202E")
                    .doesNotContain("\u0007");
            assertNoBrokenSurrogates(text);
        }
        assertThat(description)
                .contains("\\[click\\](https://evil.example)")
                .contains("\\*\\*bold\\*\\*")
                .contains("\\|\\|spoiler\\|\\|")
                .contains("\\`\\`\\`code\\`\\`\\`")
                .contains("\n\\# heading")
                .contains("\n\\> quote")
                .contains("\n\\- list");
        assertThat(body.path("allowed_mentions").path("parse")).isEmpty();
        assertThat(everything).doesNotContain(TOKEN);
    }

    @Test
    void cuttingNeverSplitsASurrogatePairOrAnEscape() {
        String emoji = "😀".repeat(10); // 20 UTF-16 units
        for (int limit = 2; limit < 22; limit++) {
            String cut = DiscordText.cut(emoji, limit);
            assertThat(cut.length()).isLessThanOrEqualTo(limit);
            assertNoBrokenSurrogates(cut);
        }
        String escaped = DiscordText.escape("a*b*c*d*e", false); // a\*b\*c\*d\*e
        for (int limit = 2; limit < escaped.length(); limit++) {
            String cut = DiscordText.cut(escaped, limit);
            String body = cut.substring(0, cut.length() - 1);
            int trailing = body.length() - body.replaceAll("\\\\+$", "").length();
            assertThat(trailing % 2).as("dangling backslash in %s", cut).isZero();
        }
    }

    @Test
    void aRetryAfterAConfirmedPostNeverPostsAgain() {
        server.enqueue(posted("555"));
        DiscordAlertActivities a = activities();
        assertThat(a.sendAlert(alert("x/1")).status()).isEqualTo(AlertReceipt.Status.DELIVERED);
        AlertReceipt again = a.sendAlert(alert("x/1"));
        assertThat(again.status()).isEqualTo(AlertReceipt.Status.ALREADY_DELIVERED);
        assertThat(again.detail()).isEqualTo("message 555");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aWorkerKilledAfterAConfirmedPostAndRestartedDoesNotPostAgain() {
        server.enqueue(posted("777"));
        DiscordAlertActivities before = activities();
        assertThat(before.sendAlert(alert("startup-bot-1/validated")).status())
                .isEqualTo(AlertReceipt.Status.DELIVERED);
        before.close(); // the process dies here: nothing else of it survives but the state directory

        DiscordAlertActivities after = activities(); // a fresh process: new instance, new ledger object, same file
        AlertReceipt receipt = after.sendAlert(alert("startup-bot-1/validated"));
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.ALREADY_DELIVERED);
        assertThat(receipt.detail()).isEqualTo("message 777");
        assertThat(server.getRequestCount()).isEqualTo(1);

        server.enqueue(posted("778")); // a different alert still goes out
        assertThat(after.sendAlert(alert("startup-bot-1/other")).status()).isEqualTo(AlertReceipt.Status.DELIVERED);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void rateLimitedAnswerBecomesARetryWithDiscordsDelay() {
        server.enqueue(new MockResponse()
                .setResponseCode(429)
                .setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "3")
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset-After", "2.1")
                .setBody("{\"message\": \"You are being rate limited.\", \"retry_after\": 3.25, \"global\": false}"));
        assertThatThrownBy(() -> activities().sendAlert(alert("rl/1")))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo(DiscordAlertActivities.RATE_LIMITED);
                    assertThat(f.isNonRetryable()).isFalse();
                    assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofMillis(3250));
                    assertThat(f.getMessage()).doesNotContain(TOKEN);
                });
    }

    @Test
    void retryAfterHeaderAloneIsHonoured() {
        server.enqueue(new MockResponse()
                .setResponseCode(429)
                .setHeader("Retry-After", "7")
                .setBody("slow down"));
        assertThatThrownBy(() -> activities().sendAlert(alert("rl/2")))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        f -> assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void anEmptyBucketMakesTheNextAlertWaitWithoutPosting() {
        server.enqueue(posted("9").setHeader("X-RateLimit-Remaining", "0").setHeader("X-RateLimit-Reset-After", "4.5"));
        DiscordAlertActivities a = activities();
        assertThat(a.sendAlert(alert("b/1")).status()).isEqualTo(AlertReceipt.Status.DELIVERED);
        assertThatThrownBy(() -> a.sendAlert(alert("b/2"))).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo(DiscordAlertActivities.RATE_LIMITED);
            assertThat(f.getNextRetryDelay()).isBetween(Duration.ofSeconds(3), Duration.ofMillis(4500));
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void serverErrorsAndTimeoutsAreRetryableFailuresWithoutTheToken() {
        server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>bad gateway " + TOKEN + "</html>"));
        assertThatThrownBy(() -> activities().sendAlert(alert("e/1")))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo(DiscordAlertActivities.DELIVERY_FAILED);
                    assertThat(f.isNonRetryable()).isFalse();
                    assertThat(f.getNextRetryDelay()).isNull();
                    assertThat(f.getMessage()).contains("HTTP 502").doesNotContain(TOKEN);
                    assertThat(f.getCause()).isNull();
                });

        server.enqueue(posted("1").setHeadersDelay(2, TimeUnit.SECONDS));
        long started = System.nanoTime();
        assertThatThrownBy(() -> activities(Duration.ofMillis(300)).sendAlert(alert("e/2")))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo(DiscordAlertActivities.DELIVERY_FAILED);
                    assertThat(f.getMessage()).contains("failed").doesNotContain(TOKEN);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        assertThat(logs.all()).doesNotContain(TOKEN);
    }

    @Test
    void aWrongOrDeletedWebhookIsRejectedOnceAndLogged() {
        server.enqueue(new MockResponse()
                .setResponseCode(404)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"message\": \"Unknown Webhook\", \"code\": 10015}"));
        AlertReceipt receipt = activities().sendAlert(alert("r/1"));
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.REJECTED);
        assertThat(receipt.httpStatus()).isEqualTo(404);
        assertThat(receipt.detail())
                .contains("Unknown Webhook")
                .contains("DISCORD_WEBHOOK_URL")
                .doesNotContain(TOKEN);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(logs.all())
                .contains("Startup failed")
                .contains("Unknown Webhook")
                .doesNotContain(TOKEN);
    }

    @Test
    void withoutAWebhookTheSameTextGoesToTheLog() {
        DiscordAlertActivities logOnly = new DiscordAlertActivities(
                Optional.empty(), DeliveryLedger.openIn(stateDir), Duration.ofSeconds(1), Duration.ofSeconds(1));
        AlertReceipt receipt = logOnly.sendAlert(alert("l/1"));
        assertThat(receipt.status()).isEqualTo(AlertReceipt.Status.LOGGED_ONLY);
        assertThat(logs.lines())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("ERROR")
                        .contains("[CRITICAL] bot-1: Startup failed")
                        .contains("Check the IB Gateway login")
                        .contains("Gateway: gateway:4002")
                        .contains("Attempt: 30/30")
                        .contains("Workflow: startup-bot-1"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anAlertWithoutIdIsLoggedNotPosted() {
        Alert noId = new Alert(null, AlertSeverity.WARNING, "t", "d", "bot", null, 3, 30, 20, null, null, 0);
        assertThat(activities().sendAlert(noId).status()).isEqualTo(AlertReceipt.Status.REJECTED);
        assertThat(server.getRequestCount()).isZero();
        assertThat(logs.all()).contains("[WARNING] bot: t");
    }

    static java.util.List<String> fields(JsonNode embed) {
        java.util.List<String> out = new java.util.ArrayList<>();
        embed.path("fields")
                .forEach(f ->
                        out.add(f.path("name").asText() + "=" + f.path("value").asText()));
        return out;
    }

    static void assertNoBrokenSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                        .as("high surrogate at %d", i)
                        .isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c))
                        .as("lone low surrogate at %d", i)
                        .isFalse();
            }
        }
    }
}
