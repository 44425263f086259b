package dev.safestart.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.monitor.RestartWindow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerConfigTest {

    private static final String WEBHOOK = "https://discord.com/api/webhooks/123456789012345678/s3cr3t-T0KEN_value";

    @Test
    void emptyEnvironmentGivesTheDesignDefaults() {
        WorkerConfig c = WorkerConfig.fromEnv(Map.of());
        assertThat(c.gatewayHost()).isEqualTo("gateway");
        assertThat(c.gatewayPort()).isEqualTo(4002);
        assertThat(c.startupTimeoutSeconds()).isEqualTo(300);
        assertThat(c.maxRetries()).isEqualTo(30);
        assertThat(c.retryIntervalSeconds()).isEqualTo(5);
        assertThat(c.handshakeTimeoutSeconds()).isEqualTo(60);
        assertThat(c.clientId()).isEqualTo(1);
        assertThat(c.probeClientId()).isEqualTo(100);
        assertThat(c.gameplanPath()).isEqualTo("/data/gameplan.json");
        assertThat(c.dryRun()).isTrue();
        assertThat(c.tradingMode()).isEqualTo("paper");
        assertThat(c.allowLive()).isFalse();
        assertThat(c.discordWebhook()).isEmpty();
        assertThat(c.temporalAddress()).isEqualTo("127.0.0.1:7233");
        assertThat(c.temporalNamespace()).isEqualTo("default");
        assertThat(c.taskQueue()).isEqualTo("safestart");
        assertThat(c.workerRole()).isEqualTo(WorkerRole.ALL);
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.marketZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(c.heartbeatIntervalSeconds()).isEqualTo(5);
        assertThat(c.monitorIntervalSeconds()).isEqualTo(60);
        assertThat(c.maxDisconnects()).isEqualTo(3);
        assertThat(c.autoResume()).isFalse();
        assertThat(c.flattenOnDisconnect()).isFalse();
        assertThat(c.restartWindow()).isEmpty();
        assertThat(c.alertWarningAttempt()).isEqualTo(3);
        assertThat(c.alertErrorAttempt()).isEqualTo(10);
        assertThat(c.stateDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".safestart"));
        assertThat(c.alertHttpTimeoutSeconds()).isEqualTo(10);
        assertThat(c.toStartupSettings()).isEqualTo(StartupSettings.defaults());
    }

    @Test
    void workerRoleNamesWhatTheProcessServesAndABadOneIsRefusedInOneLine() {
        assertThat(WorkerConfig.fromEnv(Map.of("WORKER_ROLE", "bot")).workerRole())
                .isEqualTo(WorkerRole.BOT)
                .satisfies(r -> assertThat(r.servesBot()).isTrue())
                .satisfies(r -> assertThat(r.servesMonitor()).isFalse());
        assertThat(WorkerConfig.fromEnv(Map.of("WORKER_ROLE", "Monitor")).workerRole())
                .isEqualTo(WorkerRole.MONITOR)
                .satisfies(r -> assertThat(r.servesBot()).isFalse())
                .satisfies(r -> assertThat(r.servesMonitor()).isTrue());
        assertThat(WorkerConfig.fromEnv(Map.of("WORKER_ROLE", "monitor")).describe())
                .containsEntry("WORKER_ROLE", "monitor");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("WORKER_ROLE", "trader")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("WORKER_ROLE='trader' is not accepted: expected one of all, bot, monitor");
    }

    @Test
    void valuesAreReadAndCarriedIntoStartupSettings() {
        WorkerConfig c = WorkerConfig.fromEnv(Map.ofEntries(
                Map.entry("BOT_ID", "alpha"),
                Map.entry("GATEWAY_HOST", "127.0.0.1"),
                Map.entry("GATEWAY_PORT", "7497"),
                Map.entry("GATEWAY_STARTUP_TIMEOUT", "90"),
                Map.entry("GATEWAY_MAX_RETRIES", "7"),
                Map.entry("GATEWAY_RETRY_INTERVAL", "45"),
                Map.entry("GATEWAY_HANDSHAKE_TIMEOUT", "9"),
                Map.entry("CLIENT_ID", "12"),
                Map.entry("PROBE_CLIENT_ID", "912"),
                Map.entry("GAMEPLAN_PATH", "/tmp/plan.json"),
                Map.entry("DRY_RUN", "false"),
                Map.entry("MARKET_TIMEZONE", "Europe/London"),
                Map.entry("ALERT_WARNING_ATTEMPT", "2"),
                Map.entry("ALERT_ERROR_ATTEMPT", "4"),
                Map.entry("LOG_LEVEL", "debug"),
                Map.entry("GATEWAY_RESTART_WINDOW", "23:45-00:05")));
        StartupSettings s = c.toStartupSettings();
        assertThat(s)
                .isEqualTo(new StartupSettings(
                        "127.0.0.1",
                        7497,
                        12,
                        912,
                        90,
                        7,
                        45,
                        45,
                        9,
                        "/tmp/plan.json",
                        "Europe/London",
                        false,
                        "paper",
                        false,
                        2,
                        4));
        assertThat(c.botId()).isEqualTo("alpha");
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        var monitor = c.toMonitorSettings();
        assertThat(monitor.botId()).isEqualTo("alpha");
        assertThat(monitor.probeClientId()).isEqualTo(912);
        assertThat(monitor.restartWindow()).isEqualTo("23:45-00:05 Europe/London");
        assertThat(dev.safestart.workflows.monitor.RestartWindow.parse(monitor.restartWindow())
                        .contains(Instant.parse("2026-02-10T23:50:00Z").toEpochMilli()))
                .isTrue();
        assertThat(monitor.botTaskQueue()).isEqualTo("safestart");
        assertThat(monitor.monitorTaskQueue()).isEqualTo("safestart-monitor");
        RestartWindow w = c.restartWindow().orElseThrow();
        assertThat(w.zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(w.contains(Instant.parse("2026-02-10T23:50:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-02-10T00:04:59Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-02-10T00:05:00Z"))).isFalse();
        assertThat(w.contains(Instant.parse("2026-02-10T12:00:00Z"))).isFalse();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("GATEWAY_PORT", "abc", "expected an integer 1-65535"),
                Arguments.of("GATEWAY_PORT", "0", "expected an integer 1-65535"),
                Arguments.of("GATEWAY_PORT", "70000", "expected an integer 1-65535"),
                Arguments.of("GATEWAY_PORT", "99999999999999", "expected an integer 1-65535"),
                Arguments.of("GATEWAY_HOST", "bad host!", "expected a host name or IP address"),
                Arguments.of("GATEWAY_STARTUP_TIMEOUT", "-5", "expected an integer 1-86400 (seconds)"),
                Arguments.of("GATEWAY_MAX_RETRIES", "0", "expected an integer 1-1000 (attempts)"),
                Arguments.of("GATEWAY_RETRY_INTERVAL", "5s", "expected an integer 1-3600 (seconds)"),
                Arguments.of("GATEWAY_HANDSHAKE_TIMEOUT", "1.5", "expected an integer 1-600 (seconds)"),
                Arguments.of("CLIENT_ID", "-1", "expected an integer 0-999999999"),
                Arguments.of("PROBE_CLIENT_ID", "x", "expected an integer 0-999999999"),
                Arguments.of("GAMEPLAN_PATH", "bad\u0000path", "expected a file system path"),
                Arguments.of("DRY_RUN", "maybe", "expected true or false"),
                Arguments.of("TRADING_MODE", "real", "expected one of live, paper"),
                Arguments.of("ALLOW_LIVE", "sure", "expected true or false"),
                Arguments.of("TEMPORAL_ADDRESS", "localhost", "expected host:port"),
                Arguments.of("TEMPORAL_ADDRESS", "localhost:99999", "port 1-65535"),
                Arguments.of("TEMPORAL_NAMESPACE", "my namespace", "expected 1-64 characters"),
                Arguments.of("TEMPORAL_TLS_SERVER_CA_CERT_PATH", "/nonexistent/ca.pem", "the file cannot be read"),
                Arguments.of("TEMPORAL_CONFIG_FILE", "/nonexistent/temporal.toml", "the file cannot be read"),
                Arguments.of("TEMPORAL_PROFILE", "nope", "no such profile in the Temporal config file"),
                Arguments.of("METRICS_PORT", "99999", "expected an integer 0-65535"),
                Arguments.of("METRICS_BIND", "not a host", "expected a host name or IP address"),
                Arguments.of("TASK_QUEUE", "queue/1", "expected 1-64 characters"),
                Arguments.of("BOT_ID", "-bot", "expected 1-64 characters"),
                Arguments.of("LOG_LEVEL", "LOUD", "expected one of DEBUG, ERROR, INFO, TRACE, WARN"),
                Arguments.of("MARKET_TIMEZONE", "Mars/Olympus", "expected an IANA time zone"),
                Arguments.of("HEARTBEAT_INTERVAL", "0", "expected an integer 1-300 (seconds)"),
                Arguments.of("MONITOR_INTERVAL", "x", "expected an integer 1-3600 (seconds)"),
                Arguments.of("MAX_DISCONNECTS", "0", "expected an integer 1-100"),
                Arguments.of("AUTO_RESUME", "2", "expected true or false"),
                Arguments.of("FLATTEN_ON_DISCONNECT", "y", "expected true or false"),
                Arguments.of("GATEWAY_RESTART_WINDOW", "23:45", "expected HH:MM-HH:MM"),
                Arguments.of("GATEWAY_RESTART_WINDOW", "23:45-25:00", "expected HH:MM-HH:MM"),
                Arguments.of("GATEWAY_RESTART_WINDOW", "23:45-00:05 Nowhere/Land", "expected HH:MM-HH:MM"),
                Arguments.of("ALERT_WARNING_ATTEMPT", "zero", "expected an integer 1-1000"),
                Arguments.of("ALERT_ERROR_ATTEMPT", "0", "expected an integer 1-1000"),
                Arguments.of("SAFESTART_STATE_DIR", "a\u0000b", "expected a file system path"),
                Arguments.of("ALERT_HTTP_TIMEOUT", "121", "expected an integer 1-120"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueIsRefusedWithOneLineNamingVariableValueAndWhatIsAccepted(
            String variable, String value, String accepted) { // EC-14
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.variable()).isEqualTo(variable);
                    assertThat(ce.getMessage())
                            .startsWith(variable + "='")
                            .contains(" is not accepted: ")
                            .contains(accepted)
                            .doesNotContain("\n")
                            .doesNotContain("\u0000");
                    String printable = value.replace('\u0000', '?');
                    assertThat(ce.getMessage()).contains("'" + printable + "'");
                });
    }

    @Test
    void theExampleLineFromTheDesignIsExact() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("GATEWAY_PORT", "abc")))
                .hasMessage("GATEWAY_PORT='abc' is not accepted: expected an integer 1-65535");
    }

    @Test
    void probeClientIdMustDifferFromTradingClientId() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("CLIENT_ID", "7", "PROBE_CLIENT_ID", "7")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PROBE_CLIENT_ID='7' is not accepted: it must differ from CLIENT_ID (7),"
                        + " or the probe would collide with the trading session");
    }

    @Test
    void clientIdMustLieOutsideTheDerivedProbeIds() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("CLIENT_ID", "101", "PROBE_CLIENT_ID", "100")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("CLIENT_ID='101' collides with the probe ids PROBE_CLIENT_ID 100..102 (the readiness check"
                        + " hedges with PROBE_CLIENT_ID+1 and +2): choose a CLIENT_ID outside that range");
        assertThat(WorkerConfig.fromEnv(Map.of("CLIENT_ID", "103", "PROBE_CLIENT_ID", "100"))
                        .clientId())
                .isEqualTo(103);
        assertThat(WorkerConfig.fromEnv(Map.of("CLIENT_ID", "99", "PROBE_CLIENT_ID", "100"))
                        .clientId())
                .isEqualTo(99);
    }

    @Test
    void livePortsAndLiveModeAreRefusedUnlessBothLiveAndAllowLive() {
        for (String port : new String[] {"4001", "4003", "7496"}) {
            assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("GATEWAY_PORT", port)))
                    .hasMessageStartingWith(
                            "GATEWAY_PORT='" + port + "' is not accepted: " + port + " is a live-trading port");
            assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("GATEWAY_PORT", port, "ALLOW_LIVE", "true")))
                    .hasMessageContaining("TRADING_MODE=live and ALLOW_LIVE=true");
            assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("GATEWAY_PORT", port, "TRADING_MODE", "live")))
                    .hasMessage("TRADING_MODE='live' is not accepted: live trading also needs ALLOW_LIVE=true"
                            + " (ALLOW_LIVE='false')");
            WorkerConfig live =
                    WorkerConfig.fromEnv(Map.of("GATEWAY_PORT", port, "TRADING_MODE", "live", "ALLOW_LIVE", "true"));
            assertThat(live.toStartupSettings().allowLive()).isTrue();
            assertThat(live.dryRun())
                    .as("DRY_RUN stays the safe default even when live is allowed")
                    .isTrue();
        }
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("TRADING_MODE", "LIVE", "ALLOW_LIVE", "no")))
                .hasMessageStartingWith("TRADING_MODE='live' is not accepted");
    }

    @Test
    void warningThresholdMayNotExceedErrorThreshold() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("ALERT_WARNING_ATTEMPT", "11")))
                .hasMessage(
                        "ALERT_WARNING_ATTEMPT='11' is not accepted: it must not be above ALERT_ERROR_ATTEMPT (10)");
    }

    @Test
    void blankValuesMeanTheDefault() {
        WorkerConfig c = WorkerConfig.fromEnv(Map.of("GATEWAY_PORT", "  ", "DRY_RUN", ""));
        assertThat(c.gatewayPort()).isEqualTo(4002);
        assertThat(c.dryRun()).isTrue();
    }

    @Test
    void theWebhookIsKeptButNeverPrinted() {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_WEBHOOK_URL", WEBHOOK);
        WorkerConfig c = WorkerConfig.fromEnv(env);
        assertThat(c.discordWebhook()).isPresent();
        assertThat(c.toString())
                .doesNotContain("s3cr3t")
                .contains("DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/123456789012345678/****");
        assertThat(c.describe().values()).noneMatch(v -> v.contains("s3cr3t"));
        assertThat(c.toStartupSettings().toString()).doesNotContain("s3cr3t").doesNotContain("webhooks");

        for (String bad : new String[] {
            WEBHOOK + " trailing",
            WEBHOOK.replace("discord.com", "evil.example"),
            WEBHOOK.replace("https:", "http:"),
            "not a url s3cr3t"
        }) {
            env.put("DISCORD_WEBHOOK_URL", bad);
            assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .startsWith("DISCORD_WEBHOOK_URL")
                            .contains("expected https://discord.com/api/webhooks/")
                            .doesNotContain("s3cr3t")
                            .doesNotContain("\n"));
        }
    }

    @Test
    void anOverlongValueIsCutInTheMessage() {
        String value = "x".repeat(500);
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("GATEWAY_PORT", value)))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(160));
    }
}
