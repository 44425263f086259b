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

    /** Without CLIENT_ID (1 is its default). */
    public MonitorSettings(
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
            String marketZone) {
        this(
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
                1,
                DEFAULT_WATCH_MAX_SECONDS);
    }

    /** Watches end after {@code seconds} at the latest (tests and the bench scale time with it). */
    public MonitorSettings withWatchMax(int seconds) {
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
                seconds);
    }

    public MonitorSettings withTradingClientId(int clientId) {
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
                clientId,
                watchMaxSeconds);
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

    /** The configuration table's defaults (README): MONITOR_INTERVAL 60 s, MAX_DISCONNECTS 3 in 10 min, AUTO_RESUME false. */
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
                "America/New_York");
    }

    public MonitorSettings withAutoResume(boolean value) {
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
                value,
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

    public MonitorSettings withRestartWindow(String window) {
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
                window,
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

    public MonitorSettings withTiming(
            int monitorIntervalSeconds,
            int pingScheduleToStartSeconds,
            int reconnectInitialSeconds,
            int reconnectMaxSeconds,
            int handshakeTimeoutSeconds) {
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

    public MonitorSettings withGameplan(String path, String zone) {
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
                path,
                zone,
                tradingClientId,
                watchMaxSeconds);
    }

    public MonitorSettings withMaxDisconnects(int max) {
        return new MonitorSettings(
                botId,
                gatewayHost,
                gatewayPort,
                probeClientId,
                handshakeTimeoutSeconds,
                monitorIntervalSeconds,
                pingScheduleToStartSeconds,
                max,
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

    public MonitorSettings withContinueAsNewAfter(int events) {
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
                events,
                botTaskQueue,
                monitorTaskQueue,
                gameplanPath,
                marketZone,
                tradingClientId,
                watchMaxSeconds);
    }

    public String gatewayAddress() {
        return gatewayHost + ":" + gatewayPort;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
