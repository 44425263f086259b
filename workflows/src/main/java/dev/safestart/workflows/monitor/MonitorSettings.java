package dev.safestart.workflows.monitor;

/**
 * Everything the monitor needs, validated before it starts. Stored in history, so it carries no secret.
 *
 * @param botTaskQueue       the trading worker's queue (TASK_QUEUE): Strategy C, revalidate, resume and the
 *                           "bot worker alive" ping are scheduled there
 * @param monitorTaskQueue   where the monitor workflow, its probe and its alerts run (TASK_QUEUE + "-monitor" by
 *                           default), so oversight survives a dead bot worker when served by another process
 * @param restartWindow      GATEWAY_RESTART_WINDOW, e.g. {@code 23:45-00:05 America/New_York}, or blank
 * @param gameplanPath       GAMEPLAN_PATH: leaving Strategy C re-checks the day's gameplan (the startup's
 *                           loadGameplan + activatePlan on the bot's queue); blank = re-arm the plan already armed
 * @param marketZone         the zone in which the gameplan's date must be today
 * @param tradingClientId    CLIENT_ID, for the owner's initModules of a new engine (0 in runs recorded before it)
 * @param watchMaxSeconds    how long one engine or gateway watch may run before it is started again (4 h; 0 in
 *                           runs recorded before the watches = the default)
 */
public record MonitorSettings(
        String botId,
        String gatewayHost,
        int gatewayPort,
        int probeClientId,
        int handshakeTimeoutSeconds,
        int monitorIntervalSeconds,
        int pingScheduleToStartSeconds,
        int maxDisconnects,
        int disconnectWindowSeconds,
        boolean autoResume,
        boolean flattenOnDisconnect,
        boolean dryRun,
        String restartWindow,
        int reconnectInitialSeconds,
        int reconnectMaxSeconds,
        int continueAsNewAfterEvents,
        String botTaskQueue,
        String monitorTaskQueue,
        String gameplanPath,
        String marketZone,
        int tradingClientId,
        int watchMaxSeconds) {

    public static final String MONITOR_QUEUE_SUFFIX = "-monitor";
    public static final int DEFAULT_WATCH_MAX_SECONDS = 4 * 3600;

    /** Watches end after {@code seconds} at the latest (tests and the bench scale time with it). */
    public MonitorSettings withWatchMax(int seconds) {
        return toBuilder().watchMaxSeconds(seconds).build();
    }

    public MonitorSettings withTradingClientId(int clientId) {
        return toBuilder().tradingClientId(clientId).build();
    }

    public MonitorSettings {
        require(botId != null && !botId.isBlank(), "botId must not be blank");
        require(gatewayPort >= 1 && gatewayPort <= 65535, "GATEWAY_PORT " + gatewayPort + " outside 1..65535");
        require(monitorIntervalSeconds >= 1, "MONITOR_INTERVAL must be >= 1 second, got " + monitorIntervalSeconds);
        require(maxDisconnects >= 1, "MAX_DISCONNECTS must be >= 1, got " + maxDisconnects);
        require(disconnectWindowSeconds >= 1, "disconnect window must be >= 1 second");
        require(pingScheduleToStartSeconds >= 1, "ping schedule-to-start timeout must be >= 1 second");
        require(
                reconnectInitialSeconds >= 1 && reconnectMaxSeconds >= reconnectInitialSeconds,
                "reconnect backoff must be 1 <= initial <= max");
        require(continueAsNewAfterEvents >= 200, "continue-as-new threshold must be >= 200 events");
        require(botTaskQueue != null && !botTaskQueue.isBlank(), "botTaskQueue must not be blank");
        restartWindow = restartWindow == null ? "" : restartWindow.trim();
        if (!restartWindow.isEmpty()) {
            RestartWindow.parse(restartWindow); // refuses a bad GATEWAY_RESTART_WINDOW at the door
        }
        monitorTaskQueue = monitorTaskQueue == null || monitorTaskQueue.isBlank()
                ? botTaskQueue + MONITOR_QUEUE_SUFFIX
                : monitorTaskQueue;
        gameplanPath = gameplanPath == null ? "" : gameplanPath.trim();
        marketZone = marketZone == null || marketZone.isBlank() ? "America/New_York" : marketZone;
        watchMaxSeconds = watchMaxSeconds <= 0 ? DEFAULT_WATCH_MAX_SECONDS : watchMaxSeconds;
        try {
            java.time.ZoneId.of(marketZone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("market zone '" + marketZone + "' is not a time zone id");
        }
    }

    /**
     * The configuration table's defaults (README): MONITOR_INTERVAL 60 s, MAX_DISCONNECTS 3 in 10 min, AUTO_RESUME
     * false.
     */
    public static MonitorSettings defaults(String botId, String host, int port, String botTaskQueue) {
        return new MonitorSettings(
                botId,
                host,
                port,
                100,
                60,
                60,
                10,
                3,
                600,
                false,
                false,
                true,
                "",
                5,
                60,
                2_000,
                botTaskQueue,
                null,
                "",
                "America/New_York",
                1,
                DEFAULT_WATCH_MAX_SECONDS);
    }

    public MonitorSettings withAutoResume(boolean value) {
        return toBuilder().autoResume(value).build();
    }

    public MonitorSettings withRestartWindow(String window) {
        return toBuilder().restartWindow(window).build();
    }

    public MonitorSettings withTiming(
            int monitorIntervalSeconds,
            int pingScheduleToStartSeconds,
            int reconnectInitialSeconds,
            int reconnectMaxSeconds,
            int handshakeTimeoutSeconds) {
        return toBuilder()
                .monitorIntervalSeconds(monitorIntervalSeconds)
                .pingScheduleToStartSeconds(pingScheduleToStartSeconds)
                .reconnectInitialSeconds(reconnectInitialSeconds)
                .reconnectMaxSeconds(reconnectMaxSeconds)
                .handshakeTimeoutSeconds(handshakeTimeoutSeconds)
                .build();
    }

    public MonitorSettings withGameplan(String path, String zone) {
        return toBuilder().gameplanPath(path).marketZone(zone).build();
    }

    public MonitorSettings withMaxDisconnects(int max) {
        return toBuilder().maxDisconnects(max).build();
    }

    public MonitorSettings withContinueAsNewAfter(int events) {
        return toBuilder().continueAsNewAfterEvents(events).build();
    }

    public String gatewayAddress() {
        return gatewayHost + ":" + gatewayPort;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder holding these values: set the ones to change, then {@code build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #defaults}. */
    public static Builder builder(String botId, String host, int port, String botTaskQueue) {
        return defaults(botId, host, port, botTaskQueue).toBuilder();
    }

    /**
     * Builds a {@code MonitorSettings} by component name instead of by position; {@link #build()} runs the record's
     * checks.
     */
    public static final class Builder {
        private String botId;
        private String gatewayHost;
        private int gatewayPort;
        private int probeClientId;
        private int handshakeTimeoutSeconds;
        private int monitorIntervalSeconds;
        private int pingScheduleToStartSeconds;
        private int maxDisconnects;
        private int disconnectWindowSeconds;
        private boolean autoResume;
        private boolean flattenOnDisconnect;
        private boolean dryRun;
        private String restartWindow;
        private int reconnectInitialSeconds;
        private int reconnectMaxSeconds;
        private int continueAsNewAfterEvents;
        private String botTaskQueue;
        private String monitorTaskQueue;
        private String gameplanPath;
        private String marketZone;
        private int tradingClientId;
        private int watchMaxSeconds;

        private Builder(MonitorSettings from) {
            botId = from.botId();
            gatewayHost = from.gatewayHost();
            gatewayPort = from.gatewayPort();
            probeClientId = from.probeClientId();
            handshakeTimeoutSeconds = from.handshakeTimeoutSeconds();
            monitorIntervalSeconds = from.monitorIntervalSeconds();
            pingScheduleToStartSeconds = from.pingScheduleToStartSeconds();
            maxDisconnects = from.maxDisconnects();
            disconnectWindowSeconds = from.disconnectWindowSeconds();
            autoResume = from.autoResume();
            flattenOnDisconnect = from.flattenOnDisconnect();
            dryRun = from.dryRun();
            restartWindow = from.restartWindow();
            reconnectInitialSeconds = from.reconnectInitialSeconds();
            reconnectMaxSeconds = from.reconnectMaxSeconds();
            continueAsNewAfterEvents = from.continueAsNewAfterEvents();
            botTaskQueue = from.botTaskQueue();
            monitorTaskQueue = from.monitorTaskQueue();
            gameplanPath = from.gameplanPath();
            marketZone = from.marketZone();
            tradingClientId = from.tradingClientId();
            watchMaxSeconds = from.watchMaxSeconds();
        }

        public Builder botId(String value) {
            botId = value;
            return this;
        }

        public Builder gatewayHost(String value) {
            gatewayHost = value;
            return this;
        }

        public Builder gatewayPort(int value) {
            gatewayPort = value;
            return this;
        }

        public Builder probeClientId(int value) {
            probeClientId = value;
            return this;
        }

        public Builder handshakeTimeoutSeconds(int value) {
            handshakeTimeoutSeconds = value;
            return this;
        }

        public Builder monitorIntervalSeconds(int value) {
            monitorIntervalSeconds = value;
            return this;
        }

        public Builder pingScheduleToStartSeconds(int value) {
            pingScheduleToStartSeconds = value;
            return this;
        }

        public Builder maxDisconnects(int value) {
            maxDisconnects = value;
            return this;
        }

        public Builder disconnectWindowSeconds(int value) {
            disconnectWindowSeconds = value;
            return this;
        }

        public Builder autoResume(boolean value) {
            autoResume = value;
            return this;
        }

        public Builder flattenOnDisconnect(boolean value) {
            flattenOnDisconnect = value;
            return this;
        }

        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public Builder restartWindow(String value) {
            restartWindow = value;
            return this;
        }

        public Builder reconnectInitialSeconds(int value) {
            reconnectInitialSeconds = value;
            return this;
        }

        public Builder reconnectMaxSeconds(int value) {
            reconnectMaxSeconds = value;
            return this;
        }

        public Builder continueAsNewAfterEvents(int value) {
            continueAsNewAfterEvents = value;
            return this;
        }

        public Builder botTaskQueue(String value) {
            botTaskQueue = value;
            return this;
        }

        public Builder monitorTaskQueue(String value) {
            monitorTaskQueue = value;
            return this;
        }

        public Builder gameplanPath(String value) {
            gameplanPath = value;
            return this;
        }

        public Builder marketZone(String value) {
            marketZone = value;
            return this;
        }

        public Builder tradingClientId(int value) {
            tradingClientId = value;
            return this;
        }

        public Builder watchMaxSeconds(int value) {
            watchMaxSeconds = value;
            return this;
        }

        public MonitorSettings build() {
            return new MonitorSettings(
                    botId,
                    gatewayHost,
                    gatewayPort,
                    probeClientId,
                    handshakeTimeoutSeconds,
                    monitorIntervalSeconds,
                    pingScheduleToStartSeconds,
                    maxDisconnects,
                    disconnectWindowSeconds,
                    autoResume,
                    flattenOnDisconnect,
                    dryRun,
                    restartWindow,
                    reconnectInitialSeconds,
                    reconnectMaxSeconds,
                    continueAsNewAfterEvents,
                    botTaskQueue,
                    monitorTaskQueue,
                    gameplanPath,
                    marketZone,
                    tradingClientId,
                    watchMaxSeconds);
        }
    }
}
