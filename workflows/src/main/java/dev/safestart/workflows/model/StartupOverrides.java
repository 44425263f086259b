package dev.safestart.workflows.model;

/**
 * What a start request may ask of the worker's settings: each field null (use the worker's value) or a value the
 * worker checks. Only narrowing is accepted (DRY_RUN=true, paper, ALLOW_LIVE=false, fewer attempts, a shorter
 * timeout, or exactly the worker's own value); anything else is refused with the setting named. Carries no secret:
 * it is stored in workflow history.
 */
public record StartupOverrides(
        String gatewayHost,
        Integer gatewayPort,
        Integer clientId,
        Integer probeClientId,
        Integer startupTimeoutSeconds,
        Integer maxRetries,
        Integer retryIntervalSeconds,
        Integer retryCapSeconds,
        Integer handshakeTimeoutSeconds,
        String gameplanPath,
        String marketZone,
        Boolean dryRun,
        String tradingMode,
        Boolean allowLive,
        Integer warningAtAttempt,
        Integer errorAtAttempt) {

    /** Nothing asked: the worker's settings as they are. */
    public static StartupOverrides none() {
        return new StartupOverrides(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A request from an older starter that sent complete settings: every field is then a request to check. */
    public static StartupOverrides of(StartupSettings s) {
        return new StartupOverrides(
                s.gatewayHost(),
                s.gatewayPort(),
                s.clientId(),
                s.probeClientId(),
                s.startupTimeoutSeconds(),
                s.maxRetries(),
                s.retryIntervalSeconds(),
                s.retryCapSeconds(),
                s.handshakeTimeoutSeconds(),
                s.gameplanPath(),
                s.marketZone(),
                s.dryRun(),
                s.tradingMode(),
                s.allowLive(),
                s.warningAtAttempt(),
                s.errorAtAttempt());
    }

    public StartupOverrides withDryRun(Boolean value) {
        return with(gatewayPort, startupTimeoutSeconds, maxRetries, value);
    }

    public StartupOverrides withMaxRetries(Integer value) {
        return with(gatewayPort, startupTimeoutSeconds, value, dryRun);
    }

    public StartupOverrides withStartupTimeoutSeconds(Integer value) {
        return with(gatewayPort, value, maxRetries, dryRun);
    }

    public StartupOverrides withGatewayPort(Integer value) {
        return with(value, startupTimeoutSeconds, maxRetries, dryRun);
    }

    /** A copy with the components the withers change. */
    private StartupOverrides with(Integer port, Integer timeoutSeconds, Integer retries, Boolean dry) {
        return new StartupOverrides(
                gatewayHost,
                port,
                clientId,
                probeClientId,
                timeoutSeconds,
                retries,
                retryIntervalSeconds,
                retryCapSeconds,
                handshakeTimeoutSeconds,
                gameplanPath,
                marketZone,
                dry,
                tradingMode,
                allowLive,
                warningAtAttempt,
                errorAtAttempt);
    }
}
