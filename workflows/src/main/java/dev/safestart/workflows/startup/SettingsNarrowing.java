package dev.safestart.workflows.startup;

import dev.safestart.workflows.model.EffectiveSettings;
import dev.safestart.workflows.model.StartupOverrides;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The worker owns its configuration: a start request names its bot and may only narrow the worker's settings.
 * Pure and deterministic. Rules, per setting:
 * <ul>
 *   <li>GATEWAY_HOST, GATEWAY_PORT, CLIENT_ID, PROBE_CLIENT_ID, GAMEPLAN_PATH, MARKET_TIMEZONE, retry interval and
 *   cap, alert thresholds: the worker's value or nothing;</li>
 *   <li>DRY_RUN: true always; false only if the worker's is false;</li>
 *   <li>TRADING_MODE: paper always; live only if the worker's is live. ALLOW_LIVE: false always; true only if the
 *   worker's is true;</li>
 *   <li>GATEWAY_MAX_RETRIES, GATEWAY_STARTUP_TIMEOUT, GATEWAY_HANDSHAKE_TIMEOUT: at least 1 and at most the
 *   worker's.</li>
 * </ul>
 */
public final class SettingsNarrowing {

    private SettingsNarrowing() {}

    /** A request the worker refuses; the message names the setting and says what the worker allows. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * @param workerBotId the one bot this worker serves (BOT_ID)
     * @param worker      the worker's settings (from its environment)
     * @throws Refused when the request names another bot or widens a setting
     */
    public static EffectiveSettings resolve(String workerBotId, StartupSettings worker, StartupRequest request) {
        if (request == null) {
            throw new Refused("startup request missing");
        }
        if (!Objects.equals(workerBotId, request.botId())) {
            throw new Refused("BOT_ID: this worker serves bot '" + workerBotId + "', not '" + request.botId()
                    + "'; start a worker with BOT_ID=" + request.botId() + " on its own task queue");
        }
        List<String> narrowed = new ArrayList<>();
        StartupSettings s = worker;
        if (request.settings() != null) {
            s = apply(s, StartupOverrides.of(request.settings()), narrowed);
        }
        if (request.overrides() != null) {
            s = apply(s, request.overrides(), narrowed);
        }
        return new EffectiveSettings(workerBotId, s, List.copyOf(narrowed));
    }

    private static StartupSettings apply(StartupSettings w, StartupOverrides o, List<String> narrowed) {
        same("GATEWAY_HOST", w.gatewayHost(), o.gatewayHost());
        same("GATEWAY_PORT", w.gatewayPort(), o.gatewayPort());
        same("CLIENT_ID", w.clientId(), o.clientId());
        same("PROBE_CLIENT_ID", w.probeClientId(), o.probeClientId());
        same("GAMEPLAN_PATH", w.gameplanPath(), o.gameplanPath());
        same("MARKET_TIMEZONE", w.marketZone(), o.marketZone());
        same("GATEWAY_RETRY_INTERVAL", w.retryIntervalSeconds(), o.retryIntervalSeconds());
        same("retry cap", w.retryCapSeconds(), o.retryCapSeconds());
        same("ALERT_WARNING_ATTEMPT", w.warningAtAttempt(), o.warningAtAttempt());
        same("ALERT_ERROR_ATTEMPT", w.errorAtAttempt(), o.errorAtAttempt());

        boolean dryRun = w.dryRun();
        if (o.dryRun() != null && o.dryRun() != w.dryRun()) {
            if (!o.dryRun()) {
                throw new Refused("DRY_RUN=false refused: the worker runs with DRY_RUN=true and a start request may"
                        + " only narrow it; set DRY_RUN=false in the worker's environment to send orders");
            }
            dryRun = true;
            narrowed.add("DRY_RUN=true (worker: false)");
        }
        String mode = w.tradingMode();
        if (o.tradingMode() != null && !o.tradingMode().equals(w.tradingMode())) {
            if (!"paper".equals(o.tradingMode())) {
                throw new Refused("TRADING_MODE=" + printable(o.tradingMode()) + " refused: the worker runs with"
                        + " TRADING_MODE=" + w.tradingMode() + " and a start request may only narrow it to paper");
            }
            mode = "paper";
            narrowed.add("TRADING_MODE=paper (worker: " + w.tradingMode() + ")");
        }
        boolean allowLive = w.allowLive();
        if (o.allowLive() != null && o.allowLive() != w.allowLive()) {
            if (o.allowLive()) {
                throw new Refused("ALLOW_LIVE=true refused: the worker runs with ALLOW_LIVE=false and a start request"
                        + " may only narrow it");
            }
            allowLive = false;
            narrowed.add("ALLOW_LIVE=false (worker: true)");
        }
        int maxRetries = atMost("GATEWAY_MAX_RETRIES", w.maxRetries(), o.maxRetries(), narrowed);
        int timeout = atMost("GATEWAY_STARTUP_TIMEOUT", w.startupTimeoutSeconds(), o.startupTimeoutSeconds(), narrowed);
        int handshake =
                atMost("GATEWAY_HANDSHAKE_TIMEOUT", w.handshakeTimeoutSeconds(), o.handshakeTimeoutSeconds(), narrowed);
        return w.toBuilder()
                .startupTimeoutSeconds(timeout)
                .maxRetries(maxRetries)
                .handshakeTimeoutSeconds(handshake)
                .dryRun(dryRun)
                .tradingMode(mode)
                .allowLive(allowLive)
                .build();
    }

    private static void same(String name, Object worker, Object asked) {
        if (asked != null && !asked.equals(worker)) {
            throw new Refused(name + "=" + printable(String.valueOf(asked)) + " refused: the worker's " + name + " is "
                    + worker + " and a start request cannot change it; the worker's environment decides");
        }
    }

    private static int atMost(String name, int worker, Integer asked, List<String> narrowed) {
        if (asked == null || asked == worker) {
            return worker;
        }
        if (asked < 1 || asked > worker) {
            throw new Refused(name + "=" + asked + " refused: a start request may only lower it, to 1-" + worker
                    + " (the worker's " + name + ")");
        }
        narrowed.add(name + "=" + asked + " (worker: " + worker + ")");
        return asked;
    }

    private static String printable(String value) {
        if (value == null) {
            return "(unset)";
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
