package dev.safestart.workflows.model;

import java.util.function.Consumer;

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
        return with(o -> o.dryRun = value);
    }

    public StartupOverrides withMaxRetries(Integer value) {
        return with(o -> o.maxRetries = value);
    }

    public StartupOverrides withStartupTimeoutSeconds(Integer value) {
        return with(o -> o.startupTimeoutSeconds = value);
    }

    public StartupOverrides withGatewayPort(Integer value) {
        return with(o -> o.gatewayPort = value);
    }

    private StartupOverrides with(Consumer<Fields> change) {
        Fields fields = new Fields(this);
        change.accept(fields);
        return fields.build();
    }

    /** The components as mutable fields, for a copy with some of them changed. */
    private static final class Fields {
        String gatewayHost;
        Integer gatewayPort;
        Integer clientId;
        Integer probeClientId;
        Integer startupTimeoutSeconds;
        Integer maxRetries;
        Integer retryIntervalSeconds;
        Integer retryCapSeconds;
        Integer handshakeTimeoutSeconds;
        String gameplanPath;
        String marketZone;
        Boolean dryRun;
        String tradingMode;
        Boolean allowLive;
        Integer warningAtAttempt;
        Integer errorAtAttempt;

        Fields(StartupOverrides o) {
            gatewayHost = o.gatewayHost;
            gatewayPort = o.gatewayPort;
            clientId = o.clientId;
            probeClientId = o.probeClientId;
            startupTimeoutSeconds = o.startupTimeoutSeconds;
            maxRetries = o.maxRetries;
            retryIntervalSeconds = o.retryIntervalSeconds;
            retryCapSeconds = o.retryCapSeconds;
            handshakeTimeoutSeconds = o.handshakeTimeoutSeconds;
            gameplanPath = o.gameplanPath;
            marketZone = o.marketZone;
            dryRun = o.dryRun;
            tradingMode = o.tradingMode;
            allowLive = o.allowLive;
            warningAtAttempt = o.warningAtAttempt;
            errorAtAttempt = o.errorAtAttempt;
        }

        StartupOverrides build() {
            return new StartupOverrides(
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
}
