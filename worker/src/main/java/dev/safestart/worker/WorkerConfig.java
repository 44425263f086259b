package dev.safestart.worker;

import dev.safestart.activities.alerts.WebhookUrl;
import dev.safestart.tws.ReadinessCheck;
import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.monitor.MonitorSettings;
import dev.safestart.workflows.monitor.RestartWindow;
import dev.safestart.workflows.startup.SettingsValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The worker's and the CLI's configuration, read once from the environment and validated as a whole.
 * A bad value throws {@link ConfigException} with one line naming the variable, the value and what is
 * accepted. Immutable. {@link #toString()} never shows the Discord webhook URL (a secret).
 */
public final class WorkerConfig {

    /** Ports that trade real money; the workflow's own check uses the same set. */
    public static final Set<Integer> LIVE_PORTS = SettingsValidator.LIVE_PORTS;
    /** Retry delays double up to this cap (seconds), unless the first delay is already longer. */
    public static final int RETRY_CAP_SECONDS = 30;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})|\\[?[0-9A-Fa-f:.]+]?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String botId;
    private final String gatewayHost;
    private final int gatewayPort;
    private final int startupTimeoutSeconds;
    private final int maxRetries;
    private final int retryIntervalSeconds;
    private final int handshakeTimeoutSeconds;
    private final int clientId;
    private final int probeClientId;
    private final String gameplanPath;
    private final boolean dryRun;
    private final String tradingMode;
    private final boolean allowLive;
    private final WebhookUrl discordWebhook;
    private final TemporalEndpoint temporal;
    private final String taskQueue;
    private final WorkerRole workerRole;
    private final String logLevel;
    private final ZoneId marketZone;
    private final int heartbeatIntervalSeconds;
    private final int monitorIntervalSeconds;
    private final int maxDisconnects;
    private final boolean autoResume;
    private final boolean flattenOnDisconnect;
    private final RestartWindow restartWindow;
    private final int alertWarningAttempt;
    private final int alertErrorAttempt;
    private final Path stateDir;
    private final int alertHttpTimeoutSeconds;
    private final int metricsPort;
    private final String metricsBind;
    /** Every parsed value by its setting (the Temporal ones are in {@link #temporal}). */
    private final Map<Setting, Object> values;

    private WorkerConfig(Reader r) {
        Map<Setting, Object> v = new EnumMap<>(Setting.class);
        TemporalEndpoint endpoint = null;
        for (Setting s : Setting.values()) {
            if (s.kind == Setting.Kind.TEMPORAL) {
                endpoint = endpoint != null ? endpoint : TemporalEndpoint.fromEnv(r.env);
            } else if (s.kind == Setting.Kind.RESTART_WINDOW) {
                String window = r.optional(s.name());
                v.put(s, window == null ? null : restartWindow(window, (ZoneId) v.get(Setting.MARKET_TIMEZONE)));
            } else {
                v.put(s, r.read(s));
            }
        }
        botId = (String) v.get(Setting.BOT_ID);
        gatewayHost = (String) v.get(Setting.GATEWAY_HOST);
        gatewayPort = (int) v.get(Setting.GATEWAY_PORT);
        startupTimeoutSeconds = (int) v.get(Setting.GATEWAY_STARTUP_TIMEOUT);
        maxRetries = (int) v.get(Setting.GATEWAY_MAX_RETRIES);
        retryIntervalSeconds = (int) v.get(Setting.GATEWAY_RETRY_INTERVAL);
        handshakeTimeoutSeconds = (int) v.get(Setting.GATEWAY_HANDSHAKE_TIMEOUT);
        clientId = (int) v.get(Setting.CLIENT_ID);
        probeClientId = (int) v.get(Setting.PROBE_CLIENT_ID);
        gameplanPath = (String) v.get(Setting.GAMEPLAN_PATH);
        dryRun = (boolean) v.get(Setting.DRY_RUN);
        tradingMode = (String) v.get(Setting.TRADING_MODE);
        allowLive = (boolean) v.get(Setting.ALLOW_LIVE);
        discordWebhook = (WebhookUrl) v.get(Setting.DISCORD_WEBHOOK_URL);
        temporal = endpoint;
        taskQueue = (String) v.get(Setting.TASK_QUEUE);
        workerRole = WorkerRole.of((String) v.get(Setting.WORKER_ROLE));
        logLevel = (String) v.get(Setting.LOG_LEVEL);
        marketZone = (ZoneId) v.get(Setting.MARKET_TIMEZONE);
        heartbeatIntervalSeconds = (int) v.get(Setting.HEARTBEAT_INTERVAL);
        monitorIntervalSeconds = (int) v.get(Setting.MONITOR_INTERVAL);
        maxDisconnects = (int) v.get(Setting.MAX_DISCONNECTS);
        autoResume = (boolean) v.get(Setting.AUTO_RESUME);
        flattenOnDisconnect = (boolean) v.get(Setting.FLATTEN_ON_DISCONNECT);
        restartWindow = (RestartWindow) v.get(Setting.GATEWAY_RESTART_WINDOW);
        alertWarningAttempt = (int) v.get(Setting.ALERT_WARNING_ATTEMPT);
        alertErrorAttempt = (int) v.get(Setting.ALERT_ERROR_ATTEMPT);
        stateDir = Path.of((String) v.get(Setting.SAFESTART_STATE_DIR));
        alertHttpTimeoutSeconds = (int) v.get(Setting.ALERT_HTTP_TIMEOUT);
        metricsPort = (int) v.get(Setting.METRICS_PORT);
        metricsBind = (String) v.get(Setting.METRICS_BIND);
        values = v;
        crossCheck(r);
    }

    /** Reads and validates every variable; unset or blank means the default. */
    public static WorkerConfig fromEnv(Map<String, String> env) {
        return new WorkerConfig(new Reader(env));
    }

    /** {@link #fromEnv} of the process environment. */
    public static WorkerConfig fromSystemEnv() {
        return fromEnv(System.getenv());
    }

    private void crossCheck(Reader r) {
        if (clientId == probeClientId) {
            throw new ConfigException(
                    "PROBE_CLIENT_ID",
                    "PROBE_CLIENT_ID='" + probeClientId
                            + "' is not accepted: it must differ from CLIENT_ID (" + clientId
                            + "), or the probe would collide with the trading session");
        }
        if (ReadinessCheck.collides(probeClientId, clientId)) {
            throw new ConfigException(
                    "CLIENT_ID",
                    "CLIENT_ID='" + clientId + "' collides with the probe ids PROBE_CLIENT_ID "
                            + probeClientId + ".." + (probeClientId + ReadinessCheck.PROBE_IDS - 1)
                            + " (the readiness check hedges with PROBE_CLIENT_ID+1 and +2):"
                            + " choose a CLIENT_ID outside that range");
        }
        boolean liveAllowed = "live".equals(tradingMode) && allowLive;
        if ("live".equals(tradingMode) && !allowLive) {
            throw new ConfigException(
                    "TRADING_MODE",
                    "TRADING_MODE='live' is not accepted: live trading also needs" + " ALLOW_LIVE=true (ALLOW_LIVE='"
                            + r.raw("ALLOW_LIVE", "false") + "')");
        }
        if (LIVE_PORTS.contains(gatewayPort) && !liveAllowed) {
            throw new ConfigException(
                    "GATEWAY_PORT",
                    "GATEWAY_PORT='" + gatewayPort + "' is not accepted: "
                            + gatewayPort + " is a live-trading port; use a paper port (4002 gateway, 7497 TWS) or set"
                            + " TRADING_MODE=live and ALLOW_LIVE=true");
        }
        if (alertWarningAttempt > alertErrorAttempt) {
            throw new ConfigException(
                    "ALERT_WARNING_ATTEMPT",
                    "ALERT_WARNING_ATTEMPT='" + alertWarningAttempt
                            + "' is not accepted: it must not be above ALERT_ERROR_ATTEMPT (" + alertErrorAttempt
                            + ")");
        }
    }

    /** The settings a StartupWorkflow runs with. Carries no secret: it is stored in workflow history. */
    public StartupSettings toStartupSettings() {
        return StartupSettings.builder()
                .gatewayHost(gatewayHost)
                .gatewayPort(gatewayPort)
                .clientId(clientId)
                .probeClientId(probeClientId)
                .startupTimeoutSeconds(startupTimeoutSeconds)
                .maxRetries(maxRetries)
                .retryIntervalSeconds(retryIntervalSeconds)
                .retryCapSeconds(Math.max(RETRY_CAP_SECONDS, retryIntervalSeconds))
                .handshakeTimeoutSeconds(handshakeTimeoutSeconds)
                .gameplanPath(gameplanPath)
                .marketZone(marketZone.getId())
                .dryRun(dryRun)
                .tradingMode(tradingMode)
                .allowLive(allowLive)
                .warningAtAttempt(alertWarningAttempt)
                .errorAtAttempt(alertErrorAttempt)
                .build();
    }

    /**
     * The runtime monitor's settings for this bot (stored in history: no secret). Ping schedule-to-start 10 s,
     * disconnect window 10 min, reconnect backoff 5-60 s and continue-as-new after 2,000 events are the
     * monitor's own defaults; the monitor runs on TASK_QUEUE + "-monitor".
     */
    private static RestartWindow restartWindow(String text, java.time.ZoneId defaultZone) {
        try {
            return RestartWindow.parse(text, defaultZone);
        } catch (IllegalArgumentException e) {
            throw ConfigException.notAccepted(
                    "GATEWAY_RESTART_WINDOW",
                    text,
                    RestartWindow.ACCEPTED
                            + (e.getMessage().contains("must differ") ? " (start and end must differ)" : ""));
        }
    }

    public MonitorSettings toMonitorSettings() {
        // ping schedule-to-start, disconnect window, reconnect backoff and continue-as-new keep the monitor's defaults
        return MonitorSettings.builder(botId, gatewayHost, gatewayPort, taskQueue)
                .probeClientId(probeClientId)
                .handshakeTimeoutSeconds(handshakeTimeoutSeconds)
                .monitorIntervalSeconds(monitorIntervalSeconds)
                .maxDisconnects(maxDisconnects)
                .autoResume(autoResume)
                .flattenOnDisconnect(flattenOnDisconnect)
                .dryRun(dryRun)
                .restartWindow(restartWindow == null ? "" : restartWindow.toString())
                .gameplanPath(gameplanPath)
                .marketZone(marketZone.getId())
                .tradingClientId(clientId)
                .build();
    }

    public String botId() {
        return botId;
    }

    public String gatewayHost() {
        return gatewayHost;
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public int startupTimeoutSeconds() {
        return startupTimeoutSeconds;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public int retryIntervalSeconds() {
        return retryIntervalSeconds;
    }

    public int handshakeTimeoutSeconds() {
        return handshakeTimeoutSeconds;
    }

    public int clientId() {
        return clientId;
    }

    public int probeClientId() {
        return probeClientId;
    }

    public String gameplanPath() {
        return gameplanPath;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public String tradingMode() {
        return tradingMode;
    }

    public boolean allowLive() {
        return allowLive;
    }
    /** The checked webhook (a secret; its toString redacts the token): for the alert activity only. */
    public Optional<WebhookUrl> discordWebhook() {
        return Optional.ofNullable(discordWebhook);
    }

    public String temporalAddress() {
        return temporal.address();
    }

    public String temporalNamespace() {
        return temporal.namespace();
    }
    /** How to reach Temporal (address, namespace, TLS, API key): the worker and every CLI command connect with it. */
    public TemporalEndpoint temporal() {
        return temporal;
    }

    public String taskQueue() {
        return taskQueue;
    }

    /** What this process serves: everything, the trading side only, or the runtime monitor only. */
    public WorkerRole workerRole() {
        return workerRole;
    }

    public String logLevel() {
        return logLevel;
    }

    public ZoneId marketZone() {
        return marketZone;
    }

    public int heartbeatIntervalSeconds() {
        return heartbeatIntervalSeconds;
    }

    public int monitorIntervalSeconds() {
        return monitorIntervalSeconds;
    }

    public int maxDisconnects() {
        return maxDisconnects;
    }

    public boolean autoResume() {
        return autoResume;
    }

    public boolean flattenOnDisconnect() {
        return flattenOnDisconnect;
    }

    public Optional<RestartWindow> restartWindow() {
        return Optional.ofNullable(restartWindow);
    }

    public int alertWarningAttempt() {
        return alertWarningAttempt;
    }

    public int alertErrorAttempt() {
        return alertErrorAttempt;
    }

    public Path stateDir() {
        return stateDir;
    }

    public int alertHttpTimeoutSeconds() {
        return alertHttpTimeoutSeconds;
    }
    /** Port of the Prometheus endpoint; 0 (the default) serves none. */
    public int metricsPort() {
        return metricsPort;
    }
    /** Address the metrics endpoint binds to: loopback unless METRICS_BIND says otherwise. */
    public String metricsBind() {
        return metricsBind;
    }

    /** Every setting by its variable name, the webhook shown only as set/unset. Safe to log. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            if (s == Setting.TEMPORAL_ADDRESS) {
                m.putAll(temporal.describe());
            } else if (s.kind != Setting.Kind.TEMPORAL) {
                m.put(s.name(), shown(s, values.get(s)));
            }
        }
        return m;
    }

    /** One value as describe() shows it: a secret only as its redacted form, or unset. */
    private static String shown(Setting s, Object value) {
        return switch (s) {
            case DISCORD_WEBHOOK_URL -> value == null ? "(unset: alerts go to the log)" : value.toString();
            case GATEWAY_RESTART_WINDOW -> value == null ? "(none)" : value.toString();
            case MARKET_TIMEZONE -> ((ZoneId) value).getId();
            case METRICS_PORT -> (int) value == 0 ? "0 (off)" : String.valueOf(value);
            default -> {
                if (s.secret()) {
                    throw new IllegalStateException(s + " is a secret and has no redacted form");
                }
                yield String.valueOf(value);
            }
        };
    }

    @Override
    public String toString() {
        return "WorkerConfig" + describe();
    }

    /** Reads one variable at a time and turns a bad value into the standard one-line refusal. */
    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env == null ? Map.of() : env;
        }

        /** The setting's value, or its default when unset or blank; a bad value throws the refusal line. */
        Object read(Setting s) {
            String name = s.name();
            String dflt = s.defaultValue();
            return switch (s.kind) {
                case NAME -> name(name, dflt);
                case HOST -> host(name, dflt);
                case INTEGER -> integer(name, Integer.parseInt(dflt), s.min, s.max, s.unit);
                case BOOL -> bool(name, Boolean.parseBoolean(dflt));
                case CHOICE -> choice(name, dflt, s.allowed);
                case PATH -> path(name, dflt);
                case ZONE -> zone(name, dflt);
                case WEBHOOK -> webhook(name);
                case RESTART_WINDOW, TEMPORAL -> throw new IllegalArgumentException(s + " is not read alone");
            };
        }

        String optional(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? null : v.trim();
        }

        String raw(String name, String dflt) {
            String v = optional(name);
            return v == null ? dflt : v;
        }

        int integer(String name, int dflt, int min, int max, String unit) {
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            String accepted = "expected an integer " + min + "-" + max + (unit == null ? "" : " (" + unit + ")");
            if (!v.matches("[+-]?\\d{1,10}")) {
                throw ConfigException.notAccepted(name, v, accepted);
            }
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw ConfigException.notAccepted(name, v, accepted);
            }
            return (int) n;
        }

        boolean bool(String name, boolean dflt) {
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    throw ConfigException.notAccepted(name, v, "expected true or false (also 1/0, yes/no, on/off)");
            }
        }

        String choice(String name, String dflt, Set<String> allowed) {
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            for (String a : allowed) {
                if (a.equalsIgnoreCase(v)) {
                    return a;
                }
            }
            throw ConfigException.notAccepted(
                    name,
                    v,
                    "expected one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }

        String name(String name, String dflt) {
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            if (!NAME.matcher(v).matches()) {
                throw ConfigException.notAccepted(
                        name,
                        v,
                        "expected 1-64 characters of letters, digits, '.', '_' or '-',"
                                + " starting with a letter or digit");
            }
            return v;
        }

        String host(String name, String dflt) {
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            if (!HOST.matcher(v).matches()) {
                throw ConfigException.notAccepted(
                        name, v, "expected a host name or IP address, e.g. gateway or 127.0.0.1");
            }
            return v;
        }

        String path(String name, String dflt) {
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            try {
                Path.of(v);
            } catch (InvalidPathException e) {
                throw ConfigException.notAccepted(name, v, "expected a file system path");
            }
            return v;
        }

        ZoneId zone(String name, String dflt) {
            String v = optional(name);
            try {
                return ZoneId.of(v == null ? dflt : v);
            } catch (DateTimeException e) {
                throw ConfigException.notAccepted(name, v, "expected an IANA time zone, e.g. America/New_York");
            }
        }

        /**
         * A secret, checked by the alert module's rules; the refusal never repeats the value. It may come
         * from a file named by {@code <name>_FILE} (a mounted secret: not visible in docker inspect).
         */
        WebhookUrl webhook(String name) {
            String value = env.get(name);
            String file = optional(name + "_FILE");
            if (file != null) {
                if (optional(name) != null) {
                    throw new ConfigException(name, name + ": set " + name + " or " + name + "_FILE, not both");
                }
                try {
                    value = Files.readString(Path.of(file), StandardCharsets.UTF_8)
                            .trim();
                } catch (IOException | InvalidPathException | UncheckedIOException e) {
                    throw new ConfigException(
                            name + "_FILE",
                            name + "_FILE: cannot read " + file + " ("
                                    + e.getClass().getSimpleName()
                                    + "); expected a readable file holding the webhook URL");
                }
                if (value.isEmpty()) {
                    throw new ConfigException(
                            name + "_FILE", name + "_FILE: " + file + " is empty; expected the webhook URL");
                }
            }
            try {
                return WebhookUrl.parseOptional(value).orElse(null);
            } catch (WebhookUrl.InvalidWebhookUrlException e) {
                throw new ConfigException(name, e.getMessage());
            }
        }
    }
}
