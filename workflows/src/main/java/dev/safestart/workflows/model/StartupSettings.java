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

    /** A builder holding these values: set the ones to change, then {@code build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /**
     * Builds a {@code StartupSettings} by component name instead of by position; {@link #build()} runs the record's
     * checks.
     */
    public static final class Builder {
        private String gatewayHost;
        private int gatewayPort;
        private int clientId;
        private int probeClientId;
        private int startupTimeoutSeconds;
        private int maxRetries;
        private int retryIntervalSeconds;
        private int retryCapSeconds;
        private int handshakeTimeoutSeconds;
        private String gameplanPath;
        private String marketZone;
        private boolean dryRun;
        private String tradingMode;
        private boolean allowLive;
        private int warningAtAttempt;
        private int errorAtAttempt;

        private Builder(StartupSettings from) {
            gatewayHost = from.gatewayHost();
            gatewayPort = from.gatewayPort();
            clientId = from.clientId();
            probeClientId = from.probeClientId();
            startupTimeoutSeconds = from.startupTimeoutSeconds();
            maxRetries = from.maxRetries();
            retryIntervalSeconds = from.retryIntervalSeconds();
            retryCapSeconds = from.retryCapSeconds();
            handshakeTimeoutSeconds = from.handshakeTimeoutSeconds();
            gameplanPath = from.gameplanPath();
            marketZone = from.marketZone();
            dryRun = from.dryRun();
            tradingMode = from.tradingMode();
            allowLive = from.allowLive();
            warningAtAttempt = from.warningAtAttempt();
            errorAtAttempt = from.errorAtAttempt();
        }

        public Builder gatewayHost(String value) {
            gatewayHost = value;
            return this;
        }

        public Builder gatewayPort(int value) {
            gatewayPort = value;
            return this;
        }

        public Builder clientId(int value) {
            clientId = value;
            return this;
        }

        public Builder probeClientId(int value) {
            probeClientId = value;
            return this;
        }

        public Builder startupTimeoutSeconds(int value) {
            startupTimeoutSeconds = value;
            return this;
        }

        public Builder maxRetries(int value) {
            maxRetries = value;
            return this;
        }

        public Builder retryIntervalSeconds(int value) {
            retryIntervalSeconds = value;
            return this;
        }

        public Builder retryCapSeconds(int value) {
            retryCapSeconds = value;
            return this;
        }

        public Builder handshakeTimeoutSeconds(int value) {
            handshakeTimeoutSeconds = value;
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

        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public Builder tradingMode(String value) {
            tradingMode = value;
            return this;
        }

        public Builder allowLive(boolean value) {
            allowLive = value;
            return this;
        }

        public Builder warningAtAttempt(int value) {
            warningAtAttempt = value;
            return this;
        }

        public Builder errorAtAttempt(int value) {
            errorAtAttempt = value;
            return this;
        }

        public StartupSettings build() {
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
}
