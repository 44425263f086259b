package dev.safestart.activities.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.AlertReceipt.Status;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to a Discord webhook (or logs them when none is configured), once per logical alert.
 *
 * <p>Outcomes, and what Temporal does with them (see {@code dev.safestart.workflows.alerts.AlertDelivery} for
 * the recommended retry policy):
 * <ul>
 *   <li>2xx → {@code DELIVERED}, recorded in the {@link DeliveryLedger} (fsync'd) before returning; a later
 *       attempt or a restarted worker finds it there and returns {@code ALREADY_DELIVERED} without posting.</li>
 *   <li>429 → retryable {@value #RATE_LIMITED} failure whose next retry delay is Discord's wait (body
 *       {@code retry_after}, {@code Retry-After}, {@code X-RateLimit-Reset-After}, the largest): the wait is a
 *       durable Temporal retry, visible in the pending activity. A 2xx with {@code X-RateLimit-Remaining: 0}
 *       makes the next post wait the same way without being sent.</li>
 *   <li>5xx, 408, timeouts, connection errors → retryable {@value #DELIVERY_FAILED} failure (policy backoff).</li>
 *   <li>other 4xx (401/403/404 wrong or deleted webhook, 400 payload) → {@code REJECTED} receipt, not thrown:
 *       no retry, the workflow carries on, its history records the receipt, the log holds the alert text.</li>
 * </ul>
 * Failure messages name the webhook only redacted and carry no exception causes, so the token never reaches
 * workflow history or logs.
 */
public final class DiscordAlertActivities implements AlertActivities, AutoCloseable {
    public static final String RATE_LIMITED = "AlertRateLimited";
    public static final String DELIVERY_FAILED = "AlertDeliveryFailed";
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(DiscordAlertActivities.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final long MAX_ANSWER_BYTES = 64 * 1024;
    private static final String CONFIRMED_PREFIX = "discord-confirmed:";

    private final Optional<WebhookUrl> webhook;
    private final DeliveryLedger ledger;
    private final OkHttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    /** Set from a 2xx saying the bucket is empty: posts before this instant wait (as a Temporal retry) instead. */
    private volatile Instant blockedUntil = Instant.EPOCH;

    /** Built from the worker configuration: opens the ledger in the state directory. */
    public static DiscordAlertActivities create(AlertsConfig config) {
        return new DiscordAlertActivities(
                config.webhook(),
                DeliveryLedger.openIn(config.stateDir()),
                config.connectTimeout(),
                config.callTimeout());
    }

    public DiscordAlertActivities(
            Optional<WebhookUrl> webhook, DeliveryLedger ledger, Duration connectTimeout, Duration callTimeout) {
        this(webhook, ledger, connectTimeout, callTimeout, Clock.systemUTC());
    }

    DiscordAlertActivities(
            Optional<WebhookUrl> webhook,
            DeliveryLedger ledger,
            Duration connectTimeout,
            Duration callTimeout,
            Clock clock) {
        this.webhook = webhook;
        this.ledger = ledger;
        this.clock = clock;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(callTimeout)
                .writeTimeout(callTimeout)
                .callTimeout(callTimeout)
                .retryOnConnectionFailure(false) // a silent re-send is exactly what must not happen
                .followRedirects(false) // a redirect would carry the body somewhere else
                .build();
        webhook.ifPresentOrElse(
                w -> {
                    if (w.insecureLoopback()) {
                        log.warn("alerts go to {} over plain http on loopback: for local testing only", w);
                    } else {
                        log.info("alerts go to Discord webhook {}", w);
                    }
                },
                () -> log.info("{} is not set: alerts are written to the log only", WebhookUrl.ENV));
    }

    @Override
    public AlertReceipt sendAlert(Alert alert) {
        if (alert == null || alert.alertId() == null || alert.alertId().isBlank()) {
            String text = alert == null ? "(null alert)" : DiscordPayload.plainText(alert);
            log.error("alert without an alertId cannot be delivered exactly once; logged only: {}", text);
            return new AlertReceipt(alert == null ? null : alert.alertId(), Status.REJECTED, 0, "alert has no alertId");
        }
        if (webhook.isEmpty()) {
            logAlert(alert, "alert (no webhook configured)");
            return new AlertReceipt(
                    alert.alertId(), Status.LOGGED_ONLY, 0, "no webhook configured; written to the log");
        }
        // One post at a time: alerts are rare, Discord rate-limits per webhook anyway, and it makes
        // "look up the ledger, post, record" atomic within this worker.
        synchronized (this) {
            return deliver(alert, webhook.get());
        }
    }

    private AlertReceipt deliver(Alert alert, WebhookUrl url) {
        Optional<String> confirmedByEarlierAttempt = heartbeatConfirmation();
        if (confirmedByEarlierAttempt.isPresent()) {
            // An earlier attempt (maybe on another worker host, with another ledger) had Discord's confirmation.
            String messageId = confirmedByEarlierAttempt.get();
            recordQuietly(alert, messageId);
            log.info(
                    "alert {} was delivered by an earlier attempt (message {}); not posting again",
                    alert.alertId(),
                    messageId);
            return new AlertReceipt(alert.alertId(), Status.ALREADY_DELIVERED, 0, "message " + messageId);
        }
        Optional<DeliveryLedger.Delivery> done = ledger.find(alert.alertId());
        if (done.isPresent()) {
            log.info(
                    "alert {} was already delivered (message {}); not posting again",
                    alert.alertId(),
                    done.get().messageId());
            return new AlertReceipt(
                    alert.alertId(),
                    Status.ALREADY_DELIVERED,
                    0,
                    "message " + done.get().messageId());
        }
        Duration wait = Duration.between(clock.instant(), blockedUntil);
        if (!wait.isNegative() && !wait.isZero()) {
            throw rateLimited(alert, wait, "webhook bucket empty");
        }

        byte[] body;
        try {
            body = json.writeValueAsBytes(DiscordPayload.build(json, alert));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode alert " + alert.alertId(), e); // a bug, not bad input
        }
        Request request = new Request.Builder()
                .url(url.postUrl())
                .post(RequestBody.create(body, JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            int code = response.code();
            String answer = response.peekBody(MAX_ANSWER_BYTES).string();
            noteBucket(response);
            if (code >= 200 && code < 300) {
                return confirmed(alert, url, code, answer);
            }
            if (code == 429) {
                throw rateLimited(alert, rateLimitWait(response, answer), "HTTP 429");
            }
            if (code >= 500 || code == 408) {
                firstFailureLogsText(alert, "Discord answered HTTP " + code);
                throw ApplicationFailure.newFailure(
                        "alert " + alert.alertId() + ": Discord answered HTTP " + code + " ("
                                + discordMessage(url, answer) + ")",
                        DELIVERY_FAILED);
            }
            String detail = "Discord refused the webhook " + url + ": HTTP " + code + " " + discordMessage(url, answer)
                    + (code == 401 || code == 403 || code == 404
                            ? " — check " + WebhookUrl.ENV + " (wrong or deleted webhook)"
                            : "");
            log.error(
                    "{}; alert {} is not delivered, its text: {}",
                    detail,
                    alert.alertId(),
                    DiscordPayload.plainText(alert));
            return new AlertReceipt(alert.alertId(), Status.REJECTED, code, detail);
        } catch (IOException e) {
            // Timeout or connection trouble. If the request reached Discord and only the answer was lost, the
            // next attempt posts again: the one case where an alert may appear twice.
            String what = url.scrub(e.getClass().getSimpleName() + ": " + e.getMessage());
            firstFailureLogsText(alert, what);
            throw ApplicationFailure.newFailure(
                    "alert " + alert.alertId() + ": POST to " + url + " failed: " + what, DELIVERY_FAILED);
        }
    }

    private AlertReceipt confirmed(Alert alert, WebhookUrl url, int code, String answer) {
        String messageId = "-";
        try {
            JsonNode id = json.readTree(answer).path("id");
            if (id.isTextual() || id.isNumber()) {
                messageId = id.asText();
            }
        } catch (IOException | RuntimeException e) {
            // 2xx is what counts: Discord took the message. The id is only for the record.
        }
        recordQuietly(alert, messageId);
        heartbeatConfirmation(messageId);
        log.info("alert {} [{}] delivered to {} as message {}", alert.alertId(), alert.severity(), url, messageId);
        return new AlertReceipt(alert.alertId(), Status.DELIVERED, code, "message " + messageId);
    }

    private void recordQuietly(Alert alert, String messageId) {
        try {
            ledger.record(alert.alertId(), messageId, clock.instant());
        } catch (IOException e) {
            log.error(
                    "alert {} delivered (message {}) but the ledger {} could not record it ({}); a worker restart"
                            + " before this activity completes could post it again",
                    alert.alertId(),
                    messageId,
                    ledger.file(),
                    e.getMessage());
        }
    }

    /**
     * Second, cross-host memory of a confirmed post: the activity's heartbeat details, which Temporal keeps and
     * hands to the next attempt wherever it runs. Best effort (a worker killed before the heartbeat reaches the
     * server leaves only the local ledger); a no-op outside a Temporal activity.
     */
    private static void heartbeatConfirmation(String messageId) {
        try {
            Activity.getExecutionContext().heartbeat(CONFIRMED_PREFIX + messageId);
        } catch (RuntimeException e) {
            // outside an activity, or the attempt is already over: the ledger has it
        }
    }

    private static Optional<String> heartbeatConfirmation() {
        try {
            return Activity.getExecutionContext()
                    .getHeartbeatDetails(String.class)
                    .filter(d -> d.startsWith(CONFIRMED_PREFIX))
                    .map(d -> d.substring(CONFIRMED_PREFIX.length()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private ApplicationFailure rateLimited(Alert alert, Duration wait, String why) {
        Duration delay = wait.compareTo(MAX_RATE_LIMIT_WAIT) > 0 ? MAX_RATE_LIMIT_WAIT : wait;
        log.warn(
                "alert {} rate-limited by Discord ({}); next attempt in {} ms", alert.alertId(), why, delay.toMillis());
        return ApplicationFailure.newBuilder()
                .setType(RATE_LIMITED)
                .setMessage("alert " + alert.alertId() + " rate-limited by Discord (" + why + "); retrying in "
                        + delay.toMillis() + " ms")
                .setNextRetryDelay(delay)
                .build();
    }

    /** Remembers an empty bucket from any answer, so the next post waits instead of earning a 429. */
    private void noteBucket(Response response) {
        if ("0".equals(response.header("X-RateLimit-Remaining"))) {
            Duration reset = RateLimits.seconds(response.header("X-RateLimit-Reset-After"));
            if (reset != null) {
                blockedUntil = clock.instant().plus(reset);
            }
        }
    }

    private Duration rateLimitWait(Response response, String answer) {
        Duration body = null;
        try {
            JsonNode node = json.readTree(answer).path("retry_after");
            if (node.isNumber()) {
                body = RateLimits.fromSeconds(node.asDouble());
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the headers decide
        }
        return RateLimits.largest(
                Duration.ofSeconds(1),
                body,
                RateLimits.retryAfterHeader(response.header("Retry-After"), clock.instant()),
                RateLimits.seconds(response.header("X-RateLimit-Reset-After")));
    }

    private String discordMessage(WebhookUrl url, String answer) {
        try {
            JsonNode message = json.readTree(answer).path("message");
            if (message.isTextual()) {
                return DiscordText.cut(url.scrub(message.asText()), 200);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return answer.isBlank() ? "(no body)" : DiscordText.cut(url.scrub(answer.replaceAll("\\s+", " ")), 200);
    }

    /**
     * The alert's text reaches the log on its first failed attempt, so it is not lost even if Discord never takes it.
     */
    private void firstFailureLogsText(Alert alert, String why) {
        if (attempt() <= 1) {
            log.warn(
                    "alert {} not delivered yet ({}); retrying. Its text: {}",
                    alert.alertId(),
                    why,
                    DiscordPayload.plainText(alert));
        } else {
            log.warn("alert {} not delivered yet ({}), attempt {}", alert.alertId(), why, attempt());
        }
    }

    private static int attempt() {
        try {
            return Activity.getExecutionContext().getInfo().getAttempt();
        } catch (RuntimeException e) {
            return 1; // called outside a Temporal activity (tests, tools)
        }
    }

    private static void logAlert(Alert alert, String prefix) {
        String text = DiscordPayload.plainText(alert);
        switch (alert.severity() == null ? dev.safestart.workflows.model.AlertSeverity.ERROR : alert.severity()) {
            case INFO -> log.info("{}: {}", prefix, text);
            case WARNING -> log.warn("{}: {}", prefix, text);
            default -> log.error("{}: {}", prefix, text);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
