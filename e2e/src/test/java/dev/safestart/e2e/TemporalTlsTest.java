package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.safestart.worker.ConfigException;
import dev.safestart.worker.TemporalEndpoint;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Temporal connection through a real TLS endpoint: Debian's nginx terminating TLS (and checking client
 * certificates or an API key) in front of the dev server. Each misconfiguration fails fast with one clear line;
 * a TLS + API-key run of the worker and the CLI leaves the key and the key material out of every log and history.
 */
@ExtendWith(DevServerExtension.class)
class TemporalTlsTest {
    static final String API_KEY = "ssk-" + UUID.randomUUID().toString().replace("-", "");
    static final Duration FAST = Duration.ofSeconds(20);

    static DevServer server;
    static Path work;
    static TlsProxy proxy;
    /** A config file without a profile of its own, so no operator's ~/.config/temporalio/temporal.toml is read. */
    static Path emptyConfig;

    @BeforeAll
    static void startProxy(DevServer devServer) throws Exception {
        server = devServer;
        work = Tools.workDir("tls");
        Path nginxDir = work.resolve("nginx");
        Files.createDirectories(nginxDir);
        proxy = TlsProxy.start(nginxDir, server.address(), API_KEY);
        emptyConfig = writeToml("");
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** TLS to {@code port} with the test CA and the certificate's server name; no config file. */
    static Map<String, String> tlsEnv(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", proxy.address(port));
        env.put("TEMPORAL_NAMESPACE", "default");
        env.put("TEMPORAL_CONFIG_FILE", emptyConfig.toString());
        env.put("TEMPORAL_TLS", "true");
        env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", proxy.ca.toString());
        env.put("TEMPORAL_TLS_SERVER_NAME", TlsProxy.SERVER_NAME);
        return env;
    }

    static Map<String, String> with(Map<String, String> env, String... kv) {
        Map<String, String> e = new HashMap<>(env);
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                e.remove(kv[i]);
            } else {
                e.put(kv[i], kv[i + 1]);
            }
        }
        return e;
    }

    /** Connects and makes a real call through the proxy; fails the test if it takes longer than FAST. */
    static void assertWorks(Map<String, String> env) {
        assertTimeoutPreemptively(FAST, () -> {
            WorkflowServiceStubs stubs = TemporalEndpoint.fromEnv(env).connect(Duration.ofSeconds(5));
            try {
                assertThat(stubs.blockingStub()
                                .describeNamespace(DescribeNamespaceRequest.newBuilder()
                                        .setNamespace("default")
                                        .build())
                                .getNamespaceInfo()
                                .getName())
                        .isEqualTo("default");
            } finally {
                stubs.shutdownNow();
            }
        });
    }

    /** The one line a refused connect gives, within FAST, and never a retry. */
    static String refusal(Map<String, String> env) {
        return assertTimeoutPreemptively(FAST, () -> {
            try {
                TemporalEndpoint.fromEnv(env).connect(Duration.ofSeconds(5)).shutdownNow();
            } catch (TemporalEndpoint.ConnectFailure e) {
                assertThat(e.retryable).as(e.getMessage()).isFalse();
                assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(API_KEY);
                return e.getMessage();
            }
            throw new AssertionError("connected, but should have been refused: " + env);
        });
    }

    static Path writeToml(String text) {
        try {
            Path f = Files.createTempFile(work, "temporal", ".toml");
            Files.writeString(f, text);
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void customCaAndServerNameConnect() {
        assertWorks(tlsEnv(proxy.tlsPort));
    }

    @Test
    void untrustedCaFailsWithOneClearLine() {
        String line =
                refusal(with(tlsEnv(proxy.tlsPort), "TEMPORAL_TLS_SERVER_CA_CERT_PATH", proxy.otherCa.toString()));
        assertThat(line)
                .contains("TLS handshake failed")
                .contains("not signed by a trusted CA")
                .contains(proxy.otherCa.toString());
    }

    @Test
    void wrongServerNameFailsWithOneClearLine() {
        String line = refusal(with(tlsEnv(proxy.tlsPort), "TEMPORAL_TLS_SERVER_NAME", "wrong.safestart.test"));
        assertThat(line)
                .contains("not valid for the name 'wrong.safestart.test'")
                .contains("TEMPORAL_TLS_SERVER_NAME");
    }

    @Test
    void mtlsWorksWithTheClientCertificateAndIsRefusedWithout() {
        Map<String, String> mtls = with(
                tlsEnv(proxy.mtlsPort),
                "TEMPORAL_TLS_CLIENT_CERT_PATH",
                proxy.clientCert.toString(),
                "TEMPORAL_TLS_CLIENT_KEY_PATH",
                proxy.clientKey.toString());
        assertWorks(mtls);
        String line = refusal(tlsEnv(proxy.mtlsPort));
        assertThat(line).contains("client certificate").contains("TEMPORAL_TLS_CLIENT_CERT_PATH");
    }

    @Test
    void apiKeyReachesTheServerAsBearerAndAWrongKeyIsRefusedClearly() {
        assertWorks(with(tlsEnv(proxy.apiKeyPort), "TEMPORAL_API_KEY", API_KEY));
        String wrong = refusal(with(tlsEnv(proxy.apiKeyPort), "TEMPORAL_API_KEY", "not-the-key"));
        assertThat(wrong)
                .contains("rejected the credentials")
                .contains("check TEMPORAL_API_KEY")
                .doesNotContain("not-the-key");
        String none = refusal(tlsEnv(proxy.apiKeyPort));
        assertThat(none).contains("rejected the credentials");
    }

    @Test
    void unreadableOrInvalidFilesAreRefusedWhenLoaded() throws Exception {
        assertThatThrownBy(() -> TemporalEndpoint.fromEnv(with(
                        tlsEnv(proxy.tlsPort),
                        "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
                        work.resolve("missing-ca.pem").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("TEMPORAL_TLS_SERVER_CA_CERT_PATH='" + work.resolve("missing-ca.pem")
                        + "' is not accepted: the file cannot be read");
        Path garbage = writeToml("this is not a certificate");
        assertThatThrownBy(() -> TemporalEndpoint.fromEnv(with(
                        tlsEnv(proxy.mtlsPort),
                        "TEMPORAL_TLS_CLIENT_CERT_PATH",
                        garbage.toString(),
                        "TEMPORAL_TLS_CLIENT_KEY_PATH",
                        proxy.clientKey.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("the TLS settings are not usable (")
                .hasMessageNotContaining(Files.readString(proxy.clientKey)
                        .lines()
                        .skip(1)
                        .findFirst()
                        .orElseThrow());
        assertThatThrownBy(() -> TemporalEndpoint.fromEnv(
                        with(tlsEnv(proxy.mtlsPort), "TEMPORAL_TLS_CLIENT_CERT_PATH", proxy.clientCert.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TEMPORAL_TLS_CLIENT_KEY_PATH is not set");
    }

    @Test
    void aTomlProfileCarriesTheTlsSettingsAndCliFlagsGoOnTop() {
        Path toml = writeToml("[profile.mtls]\n"
                + "address = \"127.0.0.1:1\"\n"
                + "namespace = \"default\"\n"
                + "[profile.mtls.tls]\n"
                + "server_ca_cert_path = \"" + proxy.ca + "\"\n"
                + "server_name = \"" + TlsProxy.SERVER_NAME + "\"\n"
                + "client_cert_path = \"" + proxy.clientCert + "\"\n"
                + "client_key_path = \"" + proxy.clientKey + "\"\n");
        Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", toml.toString(), "PATH", System.getenv("PATH"));
        Safestart cli = new Safestart(env, work);
        // The profile's address is wrong on purpose: --address wins over the file.
        CommandResult ok = cli.run(
                Duration.ofSeconds(60),
                "list",
                "--json",
                "--profile",
                "mtls",
                "--address",
                proxy.address(proxy.mtlsPort));
        assertThat(ok.exitCode()).as(ok.describe()).isZero();
        CommandResult missing = cli.run(Duration.ofSeconds(60), "list", "--profile", "nope");
        assertThat(missing.exitCode()).as(missing.describe()).isNotZero();
        assertThat(missing.stderr().strip())
                .isEqualTo("TEMPORAL_PROFILE='nope' is not accepted: no such profile in" + " the Temporal config file");
    }

    @Test
    void aTlsAndApiKeyRunKeepsTheKeyAndKeyMaterialOutOfLogsOutputAndHistory() throws Exception {
        String botId = "tlsbot" + (System.nanoTime() % 1_000_000);
        Path gameplan = work.resolve("gameplan.json");
        Files.writeString(gameplan, "{}");
        Map<String, String> env = with(
                tlsEnv(proxy.apiKeyPort),
                "TEMPORAL_API_KEY",
                API_KEY,
                "BOT_ID",
                botId,
                "TASK_QUEUE",
                "tls-" + botId,
                "GATEWAY_HOST",
                "127.0.0.1",
                "GATEWAY_PORT",
                String.valueOf(FreePort.next()),
                "GATEWAY_MAX_RETRIES",
                "2",
                "GATEWAY_RETRY_INTERVAL",
                "1",
                "GATEWAY_HANDSHAKE_TIMEOUT",
                "1",
                "GAMEPLAN_PATH",
                gameplan.toString(),
                "SAFESTART_STATE_DIR",
                work.resolve("state").toString(),
                "LOG_LEVEL",
                "DEBUG");
        env.put("PATH", System.getenv("PATH"));
        Safestart cli = new Safestart(env, work);
        List<String> texts = new ArrayList<>();
        try (ManagedProcess worker = cli.spawn("tls-worker", "worker")) {
            worker.awaitLog(
                    l -> l.contains("worker polling task queue"),
                    Duration.ofSeconds(60),
                    "the worker serving its task queue");
            CommandResult start = cli.run(Duration.ofSeconds(90), "start", botId, "--json", "--timeout", "60s");
            assertThat(start.stdout()).as(start.describe()).contains("\"outcome\"");
            texts.add(start.stdout() + start.stderr());
            CommandResult status = cli.run(Duration.ofSeconds(60), "status", botId, "--json");
            texts.add(status.stdout() + status.stderr());
            CommandResult badKey = cli.with(Map.of("TEMPORAL_API_KEY", API_KEY + "x"))
                    .run(Duration.ofSeconds(60), "status", botId, "--json");
            assertThat(badKey.exitCode()).isNotZero();
            assertThat(badKey.stderr().strip())
                    .as(badKey.describe())
                    .contains("rejected the credentials")
                    .doesNotContain("\n");
            texts.add(badKey.stdout() + badKey.stderr());
            worker.stop(Duration.ofSeconds(20));
            texts.add(worker.log());
        }
        CommandResult list =
                server.temporal("workflow", "list", "--query", "TaskQueue = 'tls-" + botId + "'", "--output", "json");
        texts.add(list.stdout());
        for (String id : new java.util.TreeSet<>(java.util.regex.Pattern.compile("\"workflowId\":\\s*\"([^\"]+)\"")
                .matcher(list.stdout())
                .results()
                .map(m -> m.group(1))
                .toList())) {
            CommandResult history = server.temporal("workflow", "show", "--workflow-id", id, "--output", "json");
            assertThat(history.exitCode()).as(history.describe()).isZero();
            texts.add(history.stdout());
        }
        assertThat(texts.stream().anyMatch(t -> t.contains("startup-" + botId)))
                .as("histories were scanned")
                .isTrue();
        String keyLine =
                Files.readString(proxy.clientKey).lines().skip(1).findFirst().orElseThrow();
        for (String t : texts) {
            assertThat(t).doesNotContain(API_KEY).doesNotContain(keyLine).doesNotContain("PRIVATE KEY");
        }
    }
}
