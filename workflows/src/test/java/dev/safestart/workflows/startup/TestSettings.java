package dev.safestart.workflows.startup;

import dev.safestart.workflows.model.StartupSettings;

/** Mutable builder over {@link StartupSettings#defaults()} for tests. */
final class TestSettings {
    String gatewayHost = "gateway";
    int gatewayPort = 4002;
    int clientId = 1;
    int probeClientId = 100;
    int startupTimeoutSeconds = 300;
    int maxRetries = 30;
    int retryIntervalSeconds = 5;
    int retryCapSeconds = 30;
    int handshakeTimeoutSeconds = 60;
    String gameplanPath = "/data/gameplan.json";
    String marketZone = "America/New_York";
    boolean dryRun = true;
    String tradingMode = "paper";
    boolean allowLive;
    int warningAtAttempt = 3;
    int errorAtAttempt = 10;

    static TestSettings defaults() {
        return new TestSettings();
    }

    StartupSettings build() {
        return new StartupSettings(
                gatewayHost,
                gatewayPort,
                clientId,
                probeClientId,
                startupTimeoutSeconds,
                maxRetries,
                retryIntervalSeconds,
                retryCapSeconds,
                handshakeTimeoutSeconds,
                gameplanPath,
                marketZone,
                dryRun,
                tradingMode,
                allowLive,
                warningAtAttempt,
                errorAtAttempt);
    }
}
