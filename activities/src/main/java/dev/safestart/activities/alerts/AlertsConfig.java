package dev.safestart.activities.alerts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the alert activity needs from the environment, checked at start.
 *
 * <ul>
 *   <li>{@code DISCORD_WEBHOOK_URL} — optional; unset or blank → alerts are logged only ({@link WebhookUrl}).</li>
 *   <li>{@code SAFESTART_STATE_DIR} — where the delivery ledger lives; default {@code ~/.safestart}.</li>
 *   <li>{@code ALERT_HTTP_TIMEOUT} — seconds one POST may take in total (1..120, default 10); connecting gets
 *       at most 5 s of it. Keep it well under the activity's start-to-close timeout.</li>
 * </ul>
 */
public record AlertsConfig(Optional<WebhookUrl> webhook, Path stateDir, Duration connectTimeout, Duration callTimeout) {
    public static final String STATE_DIR_ENV = "SAFESTART_STATE_DIR";
    public static final String HTTP_TIMEOUT_ENV = "ALERT_HTTP_TIMEOUT";
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public AlertsConfig {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(stateDir, "stateDir");
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || callTimeout.isNegative()
                || callTimeout.isZero()) {
            throw new IllegalArgumentException("alert HTTP timeouts must be positive");
        }
    }

    /**
     * Reads and checks the variables above; a bad value throws {@link IllegalArgumentException} with one line naming
     * it.
     */
    public static AlertsConfig fromEnvironment(Map<String, String> env) {
        Optional<WebhookUrl> webhook = WebhookUrl.parseOptional(env.get(WebhookUrl.ENV));
        String dir = env.get(STATE_DIR_ENV);
        Path stateDir = dir == null || dir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".safestart")
                : Path.of(dir.strip());
        Duration call = DEFAULT_CALL_TIMEOUT;
        String timeout = env.get(HTTP_TIMEOUT_ENV);
        if (timeout != null && !timeout.isBlank()) {
            int seconds;
            try {
                seconds = Integer.parseInt(timeout.strip());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 1 || seconds > 120) {
                throw new IllegalArgumentException(HTTP_TIMEOUT_ENV + "=" + timeout.strip()
                        + " is not accepted: whole seconds from 1 to 120 (default 10)");
            }
            call = Duration.ofSeconds(seconds);
        }
        return new AlertsConfig(webhook, stateDir, min(MAX_CONNECT_TIMEOUT, call), call);
    }

    /** Same timeouts, another webhook/state dir: handy for tests and the demo. */
    public static AlertsConfig of(Optional<WebhookUrl> webhook, Path stateDir) {
        return new AlertsConfig(webhook, stateDir, MAX_CONNECT_TIMEOUT, DEFAULT_CALL_TIMEOUT);
    }

    public AlertsConfig withTimeouts(Duration connect, Duration call) {
        return new AlertsConfig(webhook, stateDir, connect, call);
    }

    /** Never prints the token: {@link WebhookUrl#toString()} redacts it. */
    @Override
    public String toString() {
        return "AlertsConfig[webhook=" + webhook.map(WebhookUrl::toString).orElse("(none: log only)") + ", stateDir="
                + stateDir + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout + "]";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
