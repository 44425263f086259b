package dev.safestart.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The worker's environment variables: one entry per variable, in the order they are read and described. Each
 * entry drives its parsing and refusal line ({@link WorkerConfig}), its line in {@link WorkerConfig#describe()}
 * and its row in the README's configuration table ({@link #markdownTable()}; a test keeps the two equal).
 */
public enum Setting {
    BOT_ID(
            Kind.NAME,
            "safestart-bot",
            "the worker's bot (letters, digits, `.`, `_`, `-`; `start` takes it as argument)"),
    GATEWAY_HOST(Kind.HOST, "gateway", "host name or IP"),
    GATEWAY_PORT(
            "4002",
            1,
            65535,
            null,
            "1-65535; 4001, 4003 (ib-gateway container's live forward) and 7496 (live) refused unless"
                    + " `TRADING_MODE=live` and `ALLOW_LIVE=true`"),
    GATEWAY_STARTUP_TIMEOUT("300", 1, 86_400, "seconds", "seconds, 1-86400"),
    GATEWAY_MAX_RETRIES("30", 1, 1000, "attempts", "attempts, 1-1000"),
    GATEWAY_RETRY_INTERVAL("5", 1, 3600, "seconds", "seconds of the first retry delay, doubling to a 30 s cap, 1-3600"),
    GATEWAY_HANDSHAKE_TIMEOUT("60", 1, 600, "seconds", "seconds, 1-600"),
    CLIENT_ID(
            "1",
            0,
            999_999_999,
            null,
            "0-999999999; must lie outside `PROBE_CLIENT_ID`..`PROBE_CLIENT_ID`+2 (the readiness check also uses"
                    + " `PROBE_CLIENT_ID`+1 and +2)"),
    PROBE_CLIENT_ID("100", 0, 999_999_999, null, "0-999999999; the readiness check's client id"),
    GAMEPLAN_PATH(Kind.PATH, "/data/gameplan.json", "path (missing or invalid → Strategy C)"),
    DRY_RUN(Kind.BOOL, "true", "true/false (1/0, yes/no, on/off)"),
    TRADING_MODE(Kind.CHOICE, "paper", Set.of("paper", "live"), "paper or live"),
    ALLOW_LIVE(Kind.BOOL, "false", "true/false"),
    DISCORD_WEBHOOK_URL(
            Kind.WEBHOOK, null, "unset (log only)", "a Discord webhook URL (see Alerts); never printed", true),
    TEMPORAL_ADDRESS(
            Kind.TEMPORAL,
            TemporalEndpoint.DEFAULT_ADDRESS,
            "host:port; TLS, API keys and profiles: see Connecting to Temporal"),
    TEMPORAL_NAMESPACE(Kind.TEMPORAL, TemporalEndpoint.DEFAULT_NAMESPACE, "name"),
    TASK_QUEUE(Kind.NAME, "safestart", "name (the runtime monitor uses `TASK_QUEUE`-monitor)"),
    WORKER_ROLE(
            Kind.CHOICE,
            "all",
            Set.of("all", "bot", "monitor"),
            "`all` (one process serves everything), `bot` (the trading process: `TASK_QUEUE`, the engine and its"
                    + " own queue; no monitor) or `monitor` (only `TASK_QUEUE`-monitor: the runtime monitor, its"
                    + " gateway probe and its alerts; no engine); see Worker roles"),
    LOG_LEVEL(
            Kind.CHOICE, "INFO", Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"), "TRACE, DEBUG, INFO, WARN, ERROR"),
    MARKET_TIMEZONE(Kind.ZONE, "America/New_York", "IANA zone (the gameplan's date is checked in it)"),
    HEARTBEAT_INTERVAL("5", 1, 300, "seconds", "seconds, 1-300"),
    MONITOR_INTERVAL("60", 1, 3600, "seconds", "seconds, 1-3600"),
    MAX_DISCONNECTS(
            "3",
            1,
            100,
            "disconnects within 10 minutes",
            "1-100 disconnects within 10 minutes, then Strategy C is latched"),
    AUTO_RESUME(Kind.BOOL, "false", "true/false"),
    FLATTEN_ON_DISCONNECT(Kind.BOOL, "false", "true/false"),
    GATEWAY_RESTART_WINDOW(
            Kind.RESTART_WINDOW,
            null,
            "none",
            "`HH:MM-HH:MM [zone]`, e.g. `23:45-00:05 America/New_York` (zone defaults to `MARKET_TIMEZONE`)",
            false),
    ALERT_WARNING_ATTEMPT("3", 1, 1000, "attempt number", "attempt number, 1-1000, not above `ALERT_ERROR_ATTEMPT`"),
    ALERT_ERROR_ATTEMPT("10", 1, 1000, "attempt number", "attempt number, 1-1000"),
    SAFESTART_STATE_DIR(Kind.PATH, null, "`~/.safestart`", "local state (the alert delivery ledger)", false) {
        @Override
        String defaultValue() {
            return Path.of(System.getProperty("user.home"), ".safestart").toString();
        }
    },
    ALERT_HTTP_TIMEOUT("10", 1, 120, "seconds one alert POST may take", "seconds, 1-120"),
    METRICS_PORT(
            "0",
            0,
            65535,
            "0 = no metrics endpoint",
            "`0` (off)",
            "0-65535, port of the worker's Prometheus endpoint (see Metrics)"),
    METRICS_BIND(Kind.HOST, "127.0.0.1", "address the metrics endpoint binds to");

    /** How a variable's value is read. */
    enum Kind {
        NAME,
        HOST,
        INTEGER,
        BOOL,
        CHOICE,
        PATH,
        ZONE,
        /** A secret URL, also readable from {@code <name>_FILE}; the refusal never repeats it. */
        WEBHOOK,
        /** Read after {@link #MARKET_TIMEZONE}, its default zone. */
        RESTART_WINDOW,
        /** Read by {@link TemporalEndpoint} with the other {@code TEMPORAL_*} variables. */
        TEMPORAL
    }

    final Kind kind;
    private final String dflt;
    final int min;
    final int max;
    /** The integer's unit, shown in its refusal line (null: none). */
    final String unit;

    final Set<String> allowed;
    private final String shownDefault;
    private final String accepted;
    private final boolean secret;

    Setting(Kind kind, String dflt, String accepted) {
        this(kind, dflt, 0, 0, null, Set.of(), null, accepted, false);
    }

    Setting(Kind kind, String dflt, Set<String> allowed, String accepted) {
        this(kind, dflt, 0, 0, null, allowed, null, accepted, false);
    }

    Setting(Kind kind, String dflt, String shownDefault, String accepted, boolean secret) {
        this(kind, dflt, 0, 0, null, Set.of(), shownDefault, accepted, secret);
    }

    Setting(String dflt, int min, int max, String unit, String accepted) {
        this(Kind.INTEGER, dflt, min, max, unit, Set.of(), null, accepted, false);
    }

    Setting(String dflt, int min, int max, String unit, String shownDefault, String accepted) {
        this(Kind.INTEGER, dflt, min, max, unit, Set.of(), shownDefault, accepted, false);
    }

    Setting(
            Kind kind,
            String dflt,
            int min,
            int max,
            String unit,
            Set<String> allowed,
            String shownDefault,
            String accepted,
            boolean secret) {
        this.kind = kind;
        this.dflt = dflt;
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.allowed = allowed;
        this.shownDefault = shownDefault;
        this.accepted = accepted;
        this.secret = secret;
    }

    /** The value used when the variable is unset or blank; null when there is none. */
    String defaultValue() {
        return dflt;
    }

    /** The default as the README shows it. */
    public String shownDefault() {
        return shownDefault != null ? shownDefault : "`" + dflt + "`";
    }

    /** What the variable accepts, one line, as the README shows it. */
    public String accepted() {
        return accepted;
    }

    /** A secret is never shown: {@link WorkerConfig#describe()} shows only its redacted form. */
    public boolean secret() {
        return secret;
    }

    /** The README's configuration table: a header and one row per variable. */
    public static String markdownTable() {
        return "| variable | default | accepted |\n| --- | --- | --- |\n"
                + List.of(values()).stream()
                        .map(s -> "| `" + s.name() + "` | " + s.shownDefault() + " | " + s.accepted() + " |")
                        .collect(Collectors.joining("\n"))
                + "\n";
    }
}
