package dev.safestart.workflows.model;

/**
 * Everything a startup needs to know, validated by the worker/starter before the workflow starts.
 * Carries no secret: it is stored in workflow history.
 */
public record StartupSettings(
        String gatewayHost,
        int gatewayPort,
        int clientId,
        int probeClientId,
        int startupTimeoutSeconds,
        int maxRetries,
        int retryIntervalSeconds,
        int retryCapSeconds,
        int handshakeTimeoutSeconds,
        String gameplanPath,
        String marketZone,
        boolean dryRun,
        String tradingMode,
        boolean allowLive,
        int warningAtAttempt,
        int errorAtAttempt) {

    /** The defaults of the configuration table in README. */
    public static StartupSettings defaults() {
        return new StartupSettings(
                "gateway",
                4002,
                1,
                100,
                300,
                30,
                5,
                30,
                60,
                "/data/gameplan.json",
                "America/New_York",
                true,
                "paper",
                false,
                3,
                10);
    }

    public String gatewayAddress() {
        return gatewayHost + ":" + gatewayPort;
    }
}
