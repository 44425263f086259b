package dev.safestart.workflows.startup;

import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupSettings;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses a startup configuration that retrying cannot fix. Pure and deterministic (safe in workflow code):
 * the first problem found is returned as one line naming the setting, the value and what is accepted.
 */
public final class SettingsValidator {
    /**
     * How many probe client ids the readiness check uses: PROBE_CLIENT_ID, +1, +2 (its hedges). The same number as
     * the tws module's {@code ReadinessCheck.PROBE_IDS}; CLIENT_ID must lie outside that range.
     */
    public static final int PROBE_CLIENT_IDS = 3;

    /**
     * Live-trading ports, refused unless TRADING_MODE=live and ALLOW_LIVE=true: IB Gateway 4001, TWS 7496, and
     * 4003, where the ib-gateway container's socat forwards to the live API.
     */
    public static final Set<Integer> LIVE_PORTS = Set.of(4001, 4003, 7496);
    /** Paper-trading ports: IB Gateway 4002, TWS 7497, and 4004 (the ib-gateway container's paper forward). */
    public static final Set<Integer> PAPER_PORTS = Set.of(4002, 4004, 7497);

    private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    // Host names (RFC 1123 labels), IPv4 literals, and bracket-less IPv6 literals.
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?" + "|[0-9A-Fa-f:.]{2,45}");

    private SettingsValidator() {}

    public static boolean isValidBotId(String botId) {
        return botId != null && BOT_ID.matcher(botId).matches();
    }

    public static Optional<String> problem(StartupRequest request) {
        if (request == null) {
            return Optional.of("startup request missing");
        }
        if (!isValidBotId(request.botId())) {
            return Optional.of("botId '" + printable(request.botId())
                    + "' invalid: 1-64 characters of letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return problem(request.settings());
    }

    public static Optional<String> problem(StartupSettings s) {
        if (s == null) {
            return Optional.of("startup settings missing");
        }
        if (s.gatewayHost() == null || s.gatewayHost().isBlank()) {
            return Optional.of("GATEWAY_HOST missing: set the gateway's host name or IP address");
        }
        if (!HOST.matcher(s.gatewayHost()).matches()) {
            return Optional.of("GATEWAY_HOST '" + printable(s.gatewayHost())
                    + "' invalid: expected a host name or IP address without scheme, port or spaces");
        }
        if (s.gatewayPort() < 1 || s.gatewayPort() > 65535) {
            return Optional.of("GATEWAY_PORT " + s.gatewayPort() + " invalid: expected 1-65535 (paper: 4002 or 7497)");
        }
        if (s.tradingMode() == null
                || !(s.tradingMode().equals("paper") || s.tradingMode().equals("live"))) {
            return Optional.of("TRADING_MODE '" + printable(s.tradingMode()) + "' invalid: expected paper or live");
        }
        boolean liveAllowed = s.tradingMode().equals("live") && s.allowLive();
        if (s.tradingMode().equals("live") && !s.allowLive()) {
            return Optional.of("TRADING_MODE=live refused: ALLOW_LIVE is not true; set ALLOW_LIVE=true to trade live");
        }
        if (LIVE_PORTS.contains(s.gatewayPort()) && !liveAllowed) {
            return Optional.of(
                    "GATEWAY_PORT " + s.gatewayPort() + " is a live-trading port, refused: use 4002 or 7497 for paper,"
                            + " or set TRADING_MODE=live and ALLOW_LIVE=true");
        }
        if (!s.dryRun() && !(s.tradingMode().equals("paper") && PAPER_PORTS.contains(s.gatewayPort()))) {
            return Optional.of("DRY_RUN=false refused: orders are sent only with TRADING_MODE=paper on a paper port "
                    + PAPER_PORTS + " (GATEWAY_PORT is " + s.gatewayPort() + ", TRADING_MODE " + s.tradingMode()
                    + "); live order submission is not available in this build");
        }
        if (s.clientId() < 0 || s.clientId() > 999_999_999) {
            return Optional.of("CLIENT_ID " + s.clientId() + " invalid: expected 0-999999999");
        }
        if (s.probeClientId() < 0 || s.probeClientId() > 999_999_999) {
            return Optional.of("PROBE_CLIENT_ID " + s.probeClientId() + " invalid: expected 0-999999999");
        }
        if (s.clientId() == s.probeClientId()) {
            return Optional.of(
                    "PROBE_CLIENT_ID " + s.probeClientId() + " equals CLIENT_ID: the probe must use its own client id"
                            + " or it would knock out the trading session");
        }
        if (s.clientId() > s.probeClientId() && s.clientId() < s.probeClientId() + PROBE_CLIENT_IDS) {
            return Optional.of(
                    "CLIENT_ID " + s.clientId() + " collides with the readiness check's probe ids PROBE_CLIENT_ID "
                            + s.probeClientId() + ".." + (s.probeClientId() + PROBE_CLIENT_IDS - 1)
                            + ": choose a CLIENT_ID outside that range or move PROBE_CLIENT_ID");
        }
        if (s.startupTimeoutSeconds() < 1 || s.startupTimeoutSeconds() > 86_400) {
            return Optional.of(
                    "GATEWAY_STARTUP_TIMEOUT " + s.startupTimeoutSeconds() + " invalid: expected 1-86400 seconds");
        }
        if (s.maxRetries() < 1 || s.maxRetries() > 1_000) {
            return Optional.of("GATEWAY_MAX_RETRIES " + s.maxRetries() + " invalid: expected 1-1000 attempts");
        }
        if (s.retryIntervalSeconds() < 1 || s.retryIntervalSeconds() > 3_600) {
            return Optional.of(
                    "GATEWAY_RETRY_INTERVAL " + s.retryIntervalSeconds() + " invalid: expected 1-3600 seconds");
        }
        if (s.retryCapSeconds() < s.retryIntervalSeconds() || s.retryCapSeconds() > 3_600) {
            return Optional.of("retry cap " + s.retryCapSeconds() + " invalid: expected GATEWAY_RETRY_INTERVAL ("
                    + s.retryIntervalSeconds() + ") to 3600 seconds");
        }
        if (s.handshakeTimeoutSeconds() < 1 || s.handshakeTimeoutSeconds() > 600) {
            return Optional.of(
                    "GATEWAY_HANDSHAKE_TIMEOUT " + s.handshakeTimeoutSeconds() + " invalid: expected 1-600 seconds");
        }
        if (s.gameplanPath() == null || s.gameplanPath().isBlank()) {
            return Optional.of("GAMEPLAN_PATH missing: set the path of the day's gameplan JSON");
        }
        if (s.marketZone() == null || s.marketZone().isBlank()) {
            return Optional.of("market time zone missing: expected a zone id such as America/New_York");
        }
        try {
            ZoneId.of(s.marketZone());
        } catch (DateTimeException e) {
            return Optional.of("market time zone '" + printable(s.marketZone())
                    + "' invalid: expected a zone id such as America/New_York");
        }
        if (s.warningAtAttempt() < 1 || s.errorAtAttempt() < 1) {
            return Optional.of("alert thresholds invalid: warning at attempt " + s.warningAtAttempt()
                    + ", error at attempt " + s.errorAtAttempt() + "; expected attempts >= 1");
        }
        return Optional.empty();
    }

    /** Echo a bad value without control characters and without letting it grow a message without bound. */
    private static String printable(String value) {
        if (value == null) {
            return "(unset)";
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
