package dev.safestart.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the worker and every CLI command reach Temporal: the SDK's standard client environment
 * configuration ({@code temporal-envconfig}: {@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE},
 * {@code TEMPORAL_API_KEY}, {@code TEMPORAL_TLS*}, {@code TEMPORAL_PROFILE} with {@code temporal.toml} profiles,
 * {@code TEMPORAL_CONFIG_FILE}), checked when loaded, and a connect that either succeeds, says in one line why it
 * never will (bad certificate, wrong server name, rejected key), or reports the server unreachable for now.
 * The API key and key material are never part of {@link #describe()}, {@link #toString()} or an error message.
 */
public final class TemporalEndpoint {
    public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
    public static final String DEFAULT_NAMESPACE = "default";

    private static final Logger log = LoggerFactory.getLogger(TemporalEndpoint.class);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})|\\[?[0-9A-Fa-f:.]+]?");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String address;
    private final String namespace;
    private final String profile;
    private final boolean tls;
    private final String serverName;
    private final String caPath;
    private final String clientCertPath;
    private final String apiKey;
    private final WorkflowServiceStubsOptions options;

    private TemporalEndpoint(
            String address,
            String namespace,
            String profile,
            boolean tls,
            String serverName,
            String caPath,
            String clientCertPath,
            String apiKey,
            WorkflowServiceStubsOptions options) {
        this.address = address;
        this.namespace = namespace;
        this.profile = profile;
        this.tls = tls;
        this.serverName = serverName;
        this.caPath = caPath;
        this.clientCertPath = clientCertPath;
        this.apiKey = apiKey;
        this.options = options;
    }

    /** Plaintext to {@code address}: for local tools and tests that run their own dev server. */
    public static TemporalEndpoint plaintext(String address, String namespace) {
        return new TemporalEndpoint(
                address,
                namespace,
                null,
                false,
                null,
                null,
                null,
                null,
                WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    }

    /**
     * Loads the profile ({@code TEMPORAL_PROFILE}, else {@code default}) from the config file
     * ({@code TEMPORAL_CONFIG_FILE}, else the SDK's default path; a missing file is no error), then the
     * {@code TEMPORAL_*} variables on top. Blank variables count as unset.
     *
     * @throws ConfigException one line naming the setting, when a value or a file is not usable
     */
    public static TemporalEndpoint fromEnv(Map<String, String> rawEnv) {
        Map<String, String> env = new HashMap<>();
        if (rawEnv != null) {
            rawEnv.forEach((k, v) -> {
                if (k != null && k.startsWith("TEMPORAL_") && v != null && !v.isBlank()) {
                    env.put(k, v.trim());
                }
            });
        }
        String profileName = env.get("TEMPORAL_PROFILE");
        ClientConfigProfile p;
        try {
            LoadClientConfigProfileOptions.Builder b =
                    LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env);
            if (env.containsKey("TEMPORAL_CONFIG_FILE")) {
                Path file = Path.of(env.get("TEMPORAL_CONFIG_FILE"));
                if (!Files.isReadable(file)) {
                    throw ConfigException.notAccepted(
                            "TEMPORAL_CONFIG_FILE", env.get("TEMPORAL_CONFIG_FILE"), "the file cannot be read");
                }
                if (Files.readString(file).isBlank()) {
                    b.setDisableFile(true); // the SDK cannot parse a file without a profile table
                } else {
                    b.setConfigFilePath(file.toString());
                }
            }
            p = ClientConfigProfile.load(b.build());
        } catch (InvalidPathException e) {
            throw ConfigException.notAccepted(
                    "TEMPORAL_CONFIG_FILE", env.get("TEMPORAL_CONFIG_FILE"), "expected a file system path");
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(
                    "TEMPORAL_CONFIG_FILE",
                    "the Temporal config file (TEMPORAL_CONFIG_FILE or"
                            + " ~/.config/temporalio/temporal.toml) is not accepted: " + oneLine(e.getMessage()));
        } catch (NullPointerException e) {
            throw new ConfigException(
                    "TEMPORAL_CONFIG_FILE",
                    "the Temporal config file (TEMPORAL_CONFIG_FILE or"
                            + " ~/.config/temporalio/temporal.toml) is not accepted: it has no [profile.NAME] table");
        } catch (IllegalArgumentException e) {
            throw ConfigException.notAccepted(
                    "TEMPORAL_PROFILE", String.valueOf(profileName), "no such profile in the Temporal config file");
        }
        String address = blankToNull(p.getAddress());
        address = address == null ? DEFAULT_ADDRESS : address;
        checkAddress(address);
        String namespace = blankToNull(p.getNamespace());
        namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw ConfigException.notAccepted(
                    "TEMPORAL_NAMESPACE",
                    namespace,
                    "expected 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String apiKey = blankToNull(p.getApiKey());
        ClientConfigTLS t = p.getTls();
        boolean tls = (t != null && !Boolean.TRUE.equals(t.isDisabled())) || apiKey != null;
        String caPath = null;
        String certPath = null;
        String serverName = null;
        if (t != null && !Boolean.TRUE.equals(t.isDisabled())) {
            caPath = readable("TEMPORAL_TLS_SERVER_CA_CERT_PATH", t.getServerCACertPath());
            certPath = readable("TEMPORAL_TLS_CLIENT_CERT_PATH", t.getClientCertPath());
            String keyPath = readable("TEMPORAL_TLS_CLIENT_KEY_PATH", t.getClientKeyPath());
            boolean cert = certPath != null || (t.getClientCertData() != null && t.getClientCertData().length > 0);
            boolean key = keyPath != null || (t.getClientKeyData() != null && t.getClientKeyData().length > 0);
            if (cert != key) {
                String missing = cert ? "TEMPORAL_TLS_CLIENT_KEY_PATH" : "TEMPORAL_TLS_CLIENT_CERT_PATH";
                throw new ConfigException(
                        missing,
                        missing + " is not set: a client certificate (mTLS) needs both"
                                + " TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH");
            }
            serverName = blankToNull(t.getServerName());
        }
        WorkflowServiceStubsOptions options;
        try {
            options = p.toWorkflowServiceStubsOptions();
        } catch (RuntimeException e) {
            // Netty's messages name the file problem ("does not contain valid certificates"), never its content.
            throw new ConfigException(
                    "TEMPORAL_TLS",
                    "the TLS settings are not usable (" + describeFiles(caPath, certPath) + "): "
                            + oneLine(rootMessage(e)));
        }
        if (apiKey != null && t == null) {
            // The SDK turns TLS on (system CAs) for an API key; nothing more to set.
            log.debug("API key set without TLS settings: TLS with the system trust store");
        }
        return new TemporalEndpoint(
                address, namespace, profileName, tls, serverName, caPath, certPath, apiKey, options);
    }

    public String address() {
        return address;
    }

    public String namespace() {
        return namespace;
    }

    public boolean tls() {
        return tls;
    }

    public boolean apiKeySet() {
        return apiKey != null;
    }

    /** This endpoint reporting the SDK's metrics to {@code scope}. */
    public TemporalEndpoint withMetricsScope(com.uber.m3.tally.Scope scope) {
        return new TemporalEndpoint(
                address,
                namespace,
                profile,
                tls,
                serverName,
                caPath,
                clientCertPath,
                apiKey,
                WorkflowServiceStubsOptions.newBuilder(options)
                        .setMetricsScope(scope)
                        .build());
    }

    /** The stubs options this endpoint connects with (TLS context, API key, server name). */
    public WorkflowServiceStubsOptions stubsOptions() {
        return options;
    }

    /** What this endpoint is, safe to log and print: never the API key or key material. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("TEMPORAL_ADDRESS", address);
        m.put("TEMPORAL_NAMESPACE", namespace);
        if (profile != null) {
            m.put("TEMPORAL_PROFILE", profile);
        }
        m.put("TEMPORAL_TLS", String.valueOf(tls));
        if (caPath != null) {
            m.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", caPath);
        }
        if (serverName != null) {
            m.put("TEMPORAL_TLS_SERVER_NAME", serverName);
        }
        if (clientCertPath != null) {
            m.put("TEMPORAL_TLS_CLIENT_CERT_PATH", clientCertPath);
        }
        m.put("TEMPORAL_API_KEY", apiKey == null ? "(unset)" : "(set)");
        return m;
    }

    /**
     * One connection attempt, checked with a health call within {@code timeout}.
     *
     * @throws ConnectFailure {@link ConnectFailure#retryable} only when the server may simply not be up yet
     */
    public WorkflowServiceStubs connect(Duration timeout) {
        warnIfPlaintextRemote();
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options);
        try {
            // A workflow-service call, not the health service: proxies and Temporal Cloud check the key here.
            stubs.blockingStub()
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
            return stubs;
        } catch (RuntimeException e) {
            stubs.shutdownNow();
            throw classify(e);
        }
    }

    /**
     * Connects, retrying while the server is unreachable (it may be starting) until {@code window} has passed;
     * a failure that retrying cannot fix (TLS, credentials) is thrown at once.
     *
     * @throws ConnectFailure the last failure once the window has passed, or the first one that is not retryable
     */
    public WorkflowServiceStubs connectRetrying(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        boolean warned = false;
        while (true) {
            try {
                return connect(Duration.ofSeconds(5));
            } catch (ConnectFailure e) {
                if (!e.retryable || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!warned) {
                    log.warn("{}; retrying for up to {} s", e.getMessage(), window.toSeconds());
                    warned = true;
                }
                try {
                    TimeUnit.SECONDS.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private boolean plaintextWarned;

    private synchronized void warnIfPlaintextRemote() {
        if (!tls && !plaintextWarned && !isLoopback(host(address))) {
            plaintextWarned = true;
            log.warn(
                    "Temporal at {} is reached over plaintext gRPC (no TLS) across the network; set TEMPORAL_TLS=true"
                            + " (and TEMPORAL_TLS_SERVER_CA_CERT_PATH for a private CA) unless this network is trusted",
                    address);
        }
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    /** Turns a connect failure into one line, and says whether trying again may help. */
    ConnectFailure classify(RuntimeException e) {
        Status status = e instanceof StatusRuntimeException s ? s.getStatus() : Status.fromThrowable(e);
        Throwable cause = status.getCause() != null ? status.getCause() : e.getCause();
        String where = "Temporal at " + address;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            String msg = String.valueOf(c.getMessage());
            if (c instanceof CertPathBuilderException
                    || msg.contains("PKIX path")
                    || msg.contains("unable to find valid certification path")) {
                return fail(
                        false,
                        where + ": TLS handshake failed: the server's certificate is not signed by a"
                                + " trusted CA ("
                                + (caPath == null
                                        ? "the system trust store"
                                        : "TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + caPath)
                                + ")");
            }
            if (c instanceof CertificateException
                    && (msg.contains("No subject alternative")
                            || msg.contains("No name matching")
                            || msg.contains("does not match"))) {
                return fail(
                        false,
                        where + ": TLS handshake failed: the server's certificate is not valid for the"
                                + " name '" + (serverName == null ? host(address) : serverName) + "'"
                                + (serverName == null
                                        ? " (set TEMPORAL_TLS_SERVER_NAME to the name it is issued for)"
                                        : " (TEMPORAL_TLS_SERVER_NAME)"));
            }
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            String msg = String.valueOf(c.getMessage());
            if (c instanceof SSLException) {
                log.debug("TLS handshake with {} failed", address, c);
                String lower = msg.toLowerCase(Locale.ROOT);
                if (lower.contains("not an ssl/tls record")) {
                    return fail(false, where + ": TLS is on but the server does not speak TLS (TEMPORAL_TLS)");
                }
                if (lower.contains("certificate_required")
                        || lower.contains("bad_certificate")
                        || lower.contains("unknown_ca")
                        || lower.contains("certificate_unknown")) {
                    return fail(
                            false,
                            where + ": the server refused the TLS client certificate (mTLS): "
                                    + (clientCertPath == null
                                            ? "set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH"
                                            : "TEMPORAL_TLS_CLIENT_CERT_PATH=" + clientCertPath + " is not accepted"));
                }
                return fail(false, where + ": TLS handshake failed: " + redact(oneLine(msg)));
            }
        }
        String description = status.getDescription() == null ? "" : redact(oneLine(status.getDescription()));
        switch (status.getCode()) {
            case UNAUTHENTICATED, PERMISSION_DENIED -> {
                return fail(
                        false,
                        where + " rejected the credentials (" + status.getCode() + "): "
                                + (apiKey != null
                                        ? "check TEMPORAL_API_KEY"
                                        : clientCertPath != null
                                                ? "check the client certificate"
                                                : "set TEMPORAL_API_KEY or a client certificate"));
            }
            case INTERNAL -> {
                if (description.contains("400") && tls) {
                    // nginx-style proxies answer HTTP 400 when a required client certificate is missing.
                    return fail(
                            false,
                            where + " refused the request (HTTP 400): "
                                    + (clientCertPath == null
                                            ? "it may require a client certificate (mTLS): set"
                                                    + " TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH"
                                            : description));
                }
                return fail(false, where + " failed the request (INTERNAL): " + description);
            }
            case UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN -> {
                return fail(true, "TEMPORAL_ADDRESS='" + address + "' is not reachable (" + status.getCode() + ")");
            }
            default -> {
                return fail(false, where + " refused the connection: " + status.getCode() + " " + description);
            }
        }
    }

    private ConnectFailure fail(boolean retryable, String message) {
        return new ConnectFailure(retryable, redact(message));
    }

    private String redact(String s) {
        return apiKey == null || s == null ? s : s.replace(apiKey, "***");
    }

    private static String readable(String variable, String path) {
        String p = blankToNull(path);
        if (p == null) {
            return null;
        }
        try {
            if (!Files.isReadable(Path.of(p)) || Files.isDirectory(Path.of(p))) {
                throw ConfigException.notAccepted(variable, p, "the file cannot be read");
            }
        } catch (InvalidPathException e) {
            throw ConfigException.notAccepted(variable, p, "expected a file system path");
        }
        return p;
    }

    private static void checkAddress(String v) {
        String accepted = "expected host:port, e.g. 127.0.0.1:7233";
        int colon = v.lastIndexOf(':');
        if (colon <= 0
                || !HOST.matcher(v.substring(0, colon)).matches()
                || !v.substring(colon + 1).matches("\\d{1,5}")) {
            throw ConfigException.notAccepted("TEMPORAL_ADDRESS", v, accepted);
        }
        int port = Integer.parseInt(v.substring(colon + 1));
        if (port < 1 || port > 65535) {
            throw ConfigException.notAccepted("TEMPORAL_ADDRESS", v, accepted + " with a port 1-65535");
        }
    }

    private static String describeFiles(String ca, String cert) {
        StringBuilder b = new StringBuilder();
        if (ca != null) b.append("TEMPORAL_TLS_SERVER_CA_CERT_PATH=").append(ca);
        if (cert != null)
            b.append(b.length() > 0 ? ", " : "")
                    .append("TEMPORAL_TLS_CLIENT_CERT_PATH=")
                    .append(cert);
        return b.length() == 0 ? "TEMPORAL_TLS" : b.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "TemporalEndpoint" + describe();
    }

    /** Connecting failed; the message is the one line to show. */
    public static final class ConnectFailure extends RuntimeException {
        public final boolean retryable;

        ConnectFailure(boolean retryable, String message) {
            super(message, null, false, false);
            this.retryable = retryable;
        }
    }
}
