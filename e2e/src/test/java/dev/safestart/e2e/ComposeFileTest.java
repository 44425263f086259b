package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks docker/docker-compose.yml with a real compose implementation (no Docker engine needed for
 * `config`): the docker compose plugin when present, else Debian's docker-compose
 * (bin/setup.d/20-compose.sh). The file must parse and interpolate for every profile; on the
 * normalized result we check what the stack promises operators.
 */
class ComposeFileTest {
    private static final List<String> PROFILES = List.of("", "sim", "ibkr");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static List<String> compose;
    private static Path root;

    @BeforeAll
    static void findCompose() {
        root = Tools.root();
        compose = Tools.require(
                composeCommand(),
                "a compose implementation (docker compose / docker-compose)",
                "bin/setup.d/20-compose.sh");
    }

    static Optional<List<String>> composeCommand() {
        if (Tools.onPath("docker").isPresent()
                && CommandResult.run(List.of("docker", "compose", "version"), Map.of(), Duration.ofSeconds(20))
                                .exitCode()
                        == 0) {
            return Optional.of(List.of("docker", "compose"));
        }
        return Tools.onPath("docker-compose").map(p -> List.of(p.toString()));
    }

    private static CommandResult config(Path file, String profile, Map<String, String> env, String... extra) {
        List<String> cmd = new ArrayList<>(compose);
        cmd.addAll(List.of("--env-file", root.resolve("docker/.env.example").toString(), "-f", file.toString()));
        if (!profile.isEmpty()) {
            cmd.addAll(List.of("--profile", profile));
        }
        cmd.add("config");
        cmd.addAll(List.of(extra));
        Map<String, String> e = new HashMap<>(env);
        // The variables of the file come from .env.example only, not from whatever the test JVM has.
        e.putIfAbsent("TWS_USERID", "");
        e.putIfAbsent("TWS_PASSWORD", "");
        return CommandResult.run(cmd, e, Duration.ofSeconds(60));
    }

    private static final Map<String, JsonNode> RENDERED = new HashMap<>();

    /** The normalized config for a profile (cached: each compose run costs about a second). */
    private static JsonNode rendered(String profile) throws Exception {
        JsonNode cached = RENDERED.get(profile);
        if (cached == null) {
            cached = rendered(profile, Map.of());
            RENDERED.put(profile, cached);
        }
        return cached;
    }

    private static JsonNode rendered(String profile, Map<String, String> env) throws Exception {
        CommandResult r =
                config(root.resolve("docker/docker-compose.yml"), profile, env).assertSuccess();
        return YAML.readTree(r.stdout());
    }

    /** Services `up` starts for a profile: those without profiles, and those listing it. */
    private static Set<String> enabled(JsonNode config, String profile) {
        Set<String> names = new TreeSet<>();
        config.path("services").fields().forEachRemaining(e -> {
            JsonNode profiles = e.getValue().path("profiles");
            boolean on = profiles.isMissingNode() || profiles.isEmpty();
            for (JsonNode p : profiles) {
                on |= p.asText().equals(profile);
            }
            if (on) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    private static Set<String> dependencies(JsonNode service) {
        Set<String> deps = new TreeSet<>();
        JsonNode d = service.path("depends_on");
        if (d.isArray()) {
            d.forEach(n -> deps.add(n.asText()));
        } else {
            d.fieldNames().forEachRemaining(deps::add);
        }
        return deps;
    }

    @ParameterizedTest(name = "profile \"{0}\" renders")
    @ValueSource(strings = {"", "sim", "ibkr"})
    void composeFileIsValidForEveryProfile(String profile) throws Exception {
        config(root.resolve("docker/docker-compose.yml"), profile, Map.of(), "-q")
                .assertSuccess();
        JsonNode config = rendered(profile);
        Set<String> on = enabled(config, profile);
        // Every dependency of an enabled service is enabled with it, or `up` could not start it.
        for (String name : on) {
            assertThat(on)
                    .as("dependencies of %s under profile '%s'", name, profile)
                    .containsAll(dependencies(config.path("services").path(name)));
        }
    }

    @Test
    void simProfileSwapsTheIbGatewayForTheSimulator() throws Exception {
        Set<String> sim = enabled(rendered("sim"), "sim");
        Set<String> ibkr = enabled(rendered("ibkr"), "ibkr");
        Set<String> none = enabled(rendered(""), "");
        Set<String> temporal = Set.of("postgresql", "temporal-schema", "temporal", "temporal-setup", "temporal-ui");

        assertThat(none).containsExactlyInAnyOrderElementsOf(temporal);
        assertThat(sim)
                .containsAll(temporal)
                .contains("gateway-sim", "worker-sim", "monitor-sim")
                .doesNotContain("ib-gateway", "gateway-health", "worker", "monitor");
        assertThat(ibkr)
                .containsAll(temporal)
                .contains("ib-gateway", "gateway-health", "worker", "monitor")
                .doesNotContain("gateway-sim", "worker-sim", "monitor-sim");
    }

    @Test
    void workerStartsOnlyOnHealthyTemporalAndAnApiReadyGateway() throws Exception {
        JsonNode services = rendered("ibkr").path("services");
        for (String worker : List.of("worker", "worker-sim")) {
            // Compose v2 renders only the services of the given profile; v1 renders all.
            JsonNode w = rendered(worker.equals("worker") ? "ibkr" : "sim")
                    .path("services")
                    .path(worker);
            assertThat(w.path("depends_on").path("temporal").path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(w.path("depends_on")
                            .path("temporal-setup")
                            .path("condition")
                            .asText())
                    .isEqualTo("service_completed_successfully");
            assertThat(w.path("restart").asText()).isEqualTo("unless-stopped");
            assertThat(w.path("environment").path("DRY_RUN").asText()).isEqualTo("true");
            assertThat(w.path("environment").path("TRADING_MODE").asText()).isEqualTo("paper");
            List<String> volumes = volumeStrings(w);
            assertThat(volumes)
                    .as("gameplan directory mounted read-only (a replaced file is seen)")
                    .anyMatch(v -> v.endsWith(":/data/gameplan:ro"));
            assertThat(w.path("environment").path("GAMEPLAN_PATH").asText()).startsWith("/data/gameplan/");
            assertThat(volumes).as("logs on a volume").anyMatch(v -> v.startsWith("safestart-logs:/var/log/safestart"));
            assertThat(volumes)
                    .as("alert ledger survives a restart")
                    .anyMatch(v -> v.startsWith("safestart-state:"
                            + w.path("environment").path("SAFESTART_STATE_DIR").asText()));
        }
        JsonNode worker = services.path("worker");
        assertThat(worker.path("depends_on")
                        .path("gateway-health")
                        .path("condition")
                        .asText())
                .isEqualTo("service_healthy");
        assertThat(worker.path("environment").path("GATEWAY_HOST").asText()).isEqualTo("ib-gateway");
        JsonNode sim = rendered("sim").path("services");
        assertThat(sim.path("worker-sim")
                        .path("depends_on")
                        .path("gateway-sim")
                        .path("condition")
                        .asText())
                .isEqualTo("service_healthy");

        // The gateway's health is an API-level probe (handshake + accounts), not a port check.
        String gatewayProbe =
                services.path("gateway-health").path("healthcheck").path("test").toString();
        assertThat(gatewayProbe)
                .contains("\"safestart\"", "\"probe\"", "\"ib-gateway\"", "\"4004\"", "\"--client-id\"");
        assertThat(gatewayProbe).doesNotContain("nc", "/dev/tcp");
        assertThat(sim.path("gateway-sim").path("healthcheck").path("test").toString())
                .contains("\"probe\"");
        assertThat(services.path("ib-gateway").path("image").asText()).startsWith("gnzsnz/ib-gateway");
        assertThat(services.path("ib-gateway")
                        .path("environment")
                        .path("TRADING_MODE")
                        .asText())
                .isEqualTo("paper");
    }

    /**
     * The trading worker and the runtime monitor run in containers of their own (WORKER_ROLE bot and monitor),
     * so a stopped trading worker is reported by a monitor that keeps running; the monitor keeps its own alert
     * ledger and probes the same gateway.
     */
    @Test
    void theMonitorRunsInAContainerOfItsOwn() throws Exception {
        for (String profile : List.of("ibkr", "sim")) {
            String suffix = profile.equals("sim") ? "-sim" : "";
            JsonNode services = rendered(profile).path("services");
            JsonNode worker = services.path("worker" + suffix);
            JsonNode monitor = services.path("monitor" + suffix);
            assertThat(worker.path("environment").path("WORKER_ROLE").asText()).isEqualTo("bot");
            assertThat(monitor.path("environment").path("WORKER_ROLE").asText()).isEqualTo("monitor");
            for (String same : List.of("BOT_ID", "TASK_QUEUE", "GATEWAY_HOST", "GATEWAY_PORT", "PROBE_CLIENT_ID")) {
                assertThat(monitor.path("environment").path(same).asText())
                        .as("%s of monitor%s", same, suffix)
                        .isEqualTo(worker.path("environment").path(same).asText());
            }
            assertThat(monitor.path("restart").asText()).isEqualTo("unless-stopped");
            assertThat(monitor.path("depends_on")
                            .path("temporal-setup")
                            .path("condition")
                            .asText())
                    .isEqualTo("service_completed_successfully");
            assertThat(dependencies(monitor))
                    .as("the monitor does not wait for the worker")
                    .doesNotContain("worker" + suffix);
            List<String> volumes = volumeStrings(monitor);
            assertThat(volumes)
                    .as("the monitor's own alert ledger")
                    .anyMatch(v -> v.startsWith("safestart-monitor-state:/var/lib/safestart"))
                    .noneMatch(v -> v.startsWith("safestart-state:"));
            dev.safestart.worker.WorkerConfig config = dev.safestart.worker.WorkerConfig.fromEnv(envOf(monitor));
            assertThat(config.describe().get("WORKER_ROLE")).isEqualTo("monitor");
        }
    }

    private static Map<String, String> envOf(JsonNode service) {
        Map<String, String> vars = new HashMap<>();
        service.path("environment")
                .fields()
                .forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
        // As docker/entrypoint.sh does for the empty webhook file the stack mounts by default.
        vars.remove("DISCORD_WEBHOOK_URL_FILE");
        return vars;
    }

    @Test
    void temporalFollowsTheOfficialLayoutWithoutAutoSetup() throws Exception {
        JsonNode services = rendered("").path("services");
        assertThat(services.path("temporal").path("image").asText()).startsWith("temporalio/server:");
        assertThat(services.path("temporal-schema").path("image").asText()).startsWith("temporalio/admin-tools:");
        assertThat(services.path("temporal-setup").path("image").asText()).startsWith("temporalio/admin-tools:");
        assertThat(services.path("temporal-ui").path("image").asText()).startsWith("temporalio/ui:");
        assertThat(services.path("postgresql").path("image").asText()).startsWith("postgres:");
        assertThat(services.toString()).doesNotContain("auto-setup");
        assertThat(services.path("temporal")
                        .path("depends_on")
                        .path("temporal-schema")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.path("temporal").path("environment").path("DB").asText())
                .isEqualTo("postgres12");
        assertThat(services.path("temporal-setup").path("command").toString()).contains("setup.sh");
        assertThat(services.path("temporal-schema").path("command").toString()).contains("setup-postgres-schema.sh");
        // The mounted scripts and dynamic config exist where the file says.
        assertThat(root.resolve("temporal-config/setup.sh")).isExecutable();
        assertThat(root.resolve("temporal-config/setup-postgres-schema.sh")).isExecutable();
        assertThat(services.path("temporal")
                        .path("environment")
                        .path("DYNAMIC_CONFIG_FILE_PATH")
                        .asText())
                .isEqualTo("config/dynamicconfig/safestart.yaml");
        assertThat(root.resolve("temporal-config/dynamicconfig/safestart.yaml")).isRegularFile();
    }

    @Test
    void everyPublishedPortIsBoundToLoopback() throws Exception {
        for (String profile : PROFILES) {
            JsonNode config = rendered(profile);
            Set<String> hostPorts = new LinkedHashSet<>();
            for (String name : enabled(config, profile)) {
                for (JsonNode port : config.path("services").path(name).path("ports")) {
                    String ip;
                    String published;
                    if (port.isObject()) {
                        ip = port.path("host_ip").asText("");
                        published = port.path("published").asText("");
                    } else {
                        String[] parts = port.asText().split(":");
                        ip = parts.length == 3 ? parts[0] : "";
                        published = parts.length == 3 ? parts[1] : parts.length == 2 ? parts[0] : "";
                    }
                    assertThat(ip)
                            .as("%s publishes %s (profile '%s')", name, port, profile)
                            .isEqualTo("127.0.0.1");
                    assertThat(hostPorts.add(published))
                            .as("host port %s published twice under '%s'", published, profile)
                            .isTrue();
                }
            }
            assertThat(hostPorts)
                    .as("profile '%s' publishes something", profile)
                    .isNotEmpty();
        }
    }

    /** Where each secret lives: a file, mounted only into the services that need it, never an environment value. */
    private static final Map<String, List<String>> SECRET_USERS = Map.of(
            "postgres_password", List.of("postgresql", "temporal-schema", "temporal"),
            "tws_password", List.of("ib-gateway"),
            "discord_webhook", List.of("worker", "worker-sim", "monitor", "monitor-sim"),
            "sim_control_token", List.of("gateway-sim"));

    @Test
    void secretsAreFilesMountedOnlyWhereTheyAreNeeded() throws Exception {
        // Even with the old variables set in the environment, no secret value reaches the rendered config:
        // `docker inspect` shows a container's environment, so secrets are files under /run/secrets.
        String secret = "pw-from-env-" + System.nanoTime();
        Map<String, String> env = Map.of(
                "TWS_USERID",
                "user-from-env",
                "TWS_PASSWORD",
                secret,
                "POSTGRES_PASSWORD",
                secret,
                "DISCORD_WEBHOOK_URL",
                "https://discord.com/api/webhooks/1/" + secret);
        for (String profile : List.of("sim", "ibkr")) {
            JsonNode config = rendered(profile, env);
            JsonNode services = config.path("services");
            assertThat(config.toString()).as("profile %s", profile).doesNotContain(secret);
            for (String name : enabled(config, profile)) {
                JsonNode service = services.path(name);
                Set<String> vars = new TreeSet<>();
                service.path("environment").fieldNames().forEachRemaining(vars::add);
                assertThat(vars)
                        .as("%s: no secret as an environment value", name)
                        .doesNotContain(
                                "TWS_PASSWORD",
                                "POSTGRES_PASSWORD",
                                "POSTGRES_PWD",
                                "SQL_PASSWORD",
                                "DISCORD_WEBHOOK_URL",
                                "SIM_CONTROL_TOKEN");
                Set<String> mounted = new TreeSet<>();
                for (JsonNode s : service.path("secrets")) {
                    mounted.add(s.isObject() ? s.path("source").asText() : s.asText());
                }
                Set<String> expected = new TreeSet<>();
                SECRET_USERS.forEach((secretName, users) -> {
                    if (users.contains(name)) {
                        expected.add(secretName);
                    }
                });
                assertThat(mounted).as("secrets mounted into %s", name).isEqualTo(expected);
                // Each variable naming a secret file points at a secret the service has.
                service.path("environment").fields().forEachRemaining(e -> {
                    if (e.getKey().endsWith("_FILE") && e.getValue().asText().startsWith("/run/secrets/")) {
                        assertThat(mounted)
                                .as("%s: %s", name, e.getKey())
                                .contains(e.getValue().asText().substring("/run/secrets/".length()));
                    }
                });
            }
            for (String secretName : SECRET_USERS.keySet()) {
                assertThat(config.path("secrets").path(secretName).path("file").asText())
                        .as("secret %s is a file", secretName)
                        .isNotEmpty();
            }
        }
        JsonNode ibkr = rendered("ibkr").path("services");
        assertThat(ibkr.path("ib-gateway")
                        .path("environment")
                        .path("TWS_PASSWORD_FILE")
                        .asText())
                .isEqualTo("/run/secrets/tws_password");
        assertThat(ibkr.path("worker")
                        .path("environment")
                        .path("DISCORD_WEBHOOK_URL_FILE")
                        .asText())
                .isEqualTo("/run/secrets/discord_webhook");
        assertThat(ibkr.path("postgresql")
                        .path("environment")
                        .path("POSTGRES_PASSWORD_FILE")
                        .asText())
                .isEqualTo("/run/secrets/postgres_password");
        // The Temporal images read the password through the wrapper, in front of their own entrypoints.
        for (String name : List.of("temporal", "temporal-schema")) {
            assertThat(ibkr.path(name).path("entrypoint").toString())
                    .as(name)
                    .contains("temporal-config/secret-env.sh");
        }
        assertThat(root.resolve("temporal-config/secret-env.sh")).isExecutable();
        String envExample = Files.readString(root.resolve("docker/.env.example"));
        assertThat(envExample)
                .containsPattern("(?m)^TWS_USERID=$")
                .containsPattern("(?m)^TWS_PASSWORD_FILE=\\./secrets/")
                .containsPattern("(?m)^DISCORD_WEBHOOK_URL_FILE=\\./secrets/")
                .containsPattern("(?m)^POSTGRES_PASSWORD_FILE=\\./secrets/")
                .doesNotContainPattern("(?m)^(TWS_PASSWORD|DISCORD_WEBHOOK_URL|POSTGRES_PASSWORD)=");
        String dockerfile = Files.readString(root.resolve("docker/Dockerfile"));
        assertThat(dockerfile).doesNotContain("TWS_PASSWORD", "TWS_USERID", "DISCORD_WEBHOOK_URL");
    }

    /**
     * secret-env.sh reads each *_FILE into its variable for the command only, and refuses an unreadable or empty
     * file.
     */
    @Test
    void theSecretWrapperReadsFilesAndRefusesBadOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret-value\n");
        String script = root.resolve("temporal-config/secret-env.sh").toString();
        CommandResult ok = CommandResult.run(
                        List.of("sh", script, "sh", "-c", "printf '%s|%s' \"$POSTGRES_PWD\" \"$SQL_PASSWORD\""),
                        Map.of("POSTGRES_PWD_FILE", file.toString(), "SQL_PASSWORD_FILE", file.toString()),
                        Duration.ofSeconds(20))
                .assertSuccess();
        assertThat(ok.stdout()).isEqualTo("s3cret-value|s3cret-value");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");
        for (Map.Entry<String, String> bad : Map.of(
                        dir.resolve("missing").toString(), "is not readable", empty.toString(), "is empty")
                .entrySet()) {
            CommandResult r = CommandResult.run(
                    List.of("sh", script, "true"), Map.of("POSTGRES_PWD_FILE", bad.getKey()), Duration.ofSeconds(20));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.describe()).contains("POSTGRES_PWD's file").contains(bad.getValue());
        }
    }

    @Test
    void envExampleDocumentsEveryVariable() throws Exception {
        String file = Files.readString(root.resolve("docker/docker-compose.yml"));
        String envExample = Files.readString(root.resolve("docker/.env.example"));
        Matcher m = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)").matcher(file);
        Set<String> used = new TreeSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        for (String var : used) {
            assertThat(envExample).as("docker/.env.example documents %s", var).containsPattern("(?m)^#? ?" + var + "=");
        }
        for (String var : List.of(
                "GATEWAY_HOST",
                "GATEWAY_PORT",
                "GATEWAY_STARTUP_TIMEOUT",
                "GATEWAY_MAX_RETRIES",
                "GATEWAY_RETRY_INTERVAL",
                "GATEWAY_HANDSHAKE_TIMEOUT",
                "CLIENT_ID",
                "PROBE_CLIENT_ID",
                "GAMEPLAN_PATH",
                "DRY_RUN",
                "TRADING_MODE",
                "DISCORD_WEBHOOK_URL",
                "TEMPORAL_ADDRESS",
                "TEMPORAL_NAMESPACE",
                "TASK_QUEUE",
                "LOG_LEVEL",
                "ALLOW_LIVE",
                "MARKET_TIMEZONE",
                "HEARTBEAT_INTERVAL",
                "MONITOR_INTERVAL",
                "MAX_DISCONNECTS",
                "AUTO_RESUME",
                "FLATTEN_ON_DISCONNECT",
                "GATEWAY_RESTART_WINDOW",
                "TWS_USERID",
                "TWS_PASSWORD",
                "BOT_ID",
                "ALERT_WARNING_ATTEMPT",
                "ALERT_ERROR_ATTEMPT",
                "ALERT_HTTP_TIMEOUT",
                "SAFESTART_STATE_DIR")) {
            assertThat(envExample).as("docker/.env.example mentions %s", var).containsPattern("\\b" + var + "\\b");
        }
    }

    /**
     * Each worker service sets every variable the worker reads, and the worker's own validation accepts
     * the values the compose file gives it with .env.example (so `up` does not end in a refused start).
     */
    @Test
    void workerServicesPassTheWorkersOwnConfigurationCheck() throws Exception {
        java.util.Set<String> variables =
                dev.safestart.worker.WorkerConfig.fromEnv(Map.of()).describe().keySet();
        String envExample = Files.readString(root.resolve("docker/.env.example"));
        for (String profile : List.of("ibkr", "sim")) {
            String worker = profile.equals("sim") ? "worker-sim" : "worker";
            {
                JsonNode env = rendered(profile).path("services").path(worker).path("environment");
                Map<String, String> vars = new HashMap<>();
                env.fields()
                        .forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
                // The webhook is the one setting given as a file (DISCORD_WEBHOOK_URL_FILE, a secret).
                assertThat(vars.keySet())
                        .as("%s sets every worker variable", worker)
                        .containsAll(variables.stream()
                                .filter(v -> !v.equals("DISCORD_WEBHOOK_URL"))
                                .toList())
                        .contains("DISCORD_WEBHOOK_URL_FILE")
                        .doesNotContain("DISCORD_WEBHOOK_URL");
                // As docker/entrypoint.sh does for the empty file the stack mounts by default.
                vars.remove("DISCORD_WEBHOOK_URL_FILE");
                dev.safestart.worker.WorkerConfig config = dev.safestart.worker.WorkerConfig.fromEnv(vars);
                assertThat(config.describe().get("DRY_RUN")).isEqualTo("true");
                assertThat(config.describe().get("TRADING_MODE")).isEqualTo("paper");
            }
        }
        for (String var : variables) {
            assertThat(envExample).as("docker/.env.example mentions %s", var).containsPattern("\\b" + var + "\\b");
        }
    }

    /** The check must be able to fail: broken copies of the file are rejected by the same command. */
    @ParameterizedTest(name = "rejects: {0}")
    @ValueSource(strings = {"unknown-key", "undefined-dependency", "bad-restart-type"})
    void anInvalidComposeFileFailsTheCheck(String defect, @TempDir Path dir) throws Exception {
        String file = Files.readString(root.resolve("docker/docker-compose.yml"));
        String broken = switch (defect) {
            case "unknown-key" -> file.replace("  temporal-ui:\n", "  temporal-ui:\n    not_a_compose_key: 1\n");
            case "undefined-dependency" ->
                file.replace(
                        "      temporal-schema:\n        condition: service_completed_successfully",
                        "      temporal-schemaa:\n        condition: service_completed_successfully");
            case "bad-restart-type" -> file.replace("    restart: on-failure:5\n", "    restart: [on-failure]\n");
            default -> throw new IllegalArgumentException(defect);
        };
        assertThat(broken).as("mutation applied").isNotEqualTo(file);
        // Same directory layout, so relative paths (../temporal-config) resolve as in the real file.
        Path copy = root.resolve("docker")
                .resolve(".compose-check-" + defect + "-"
                        + ProcessHandle.current().pid() + ".yml");
        try {
            Files.writeString(copy, broken);
            CommandResult r = config(copy, "sim", Map.of(), "-q");
            assertThat(r.exitCode())
                    .as("compose accepted a file with %s:\n%s", defect, r.describe())
                    .isNotZero();
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Test
    void imageBuildsTheJarInItsBuildStageAndRunsTheCliAsNonRoot() throws Exception {
        List<String> lines = Files.readAllLines(root.resolve("docker/Dockerfile")).stream()
                .map(String::strip)
                .filter(l -> !l.startsWith("#") && !l.isEmpty())
                .toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        // Every stage from Debian's base and packages: the image builds where no image registry is reachable.
        // The jar comes from the build stage unless JAR_STAGE names the prebuilt one (a jar Maven built outside).
        assertThat(froms)
                .containsExactly(
                        "FROM debian:bookworm-slim AS build",
                        "FROM debian:bookworm-slim AS prebuilt",
                        "FROM ${JAR_STAGE} AS jar",
                        "FROM debian:bookworm-slim");
        assertThat(lines).contains("ARG JAR_STAGE=build");
        assertThat(lines)
                .anyMatch(l -> l.contains("openjdk-17-jdk-headless") && l.contains("maven"))
                .anyMatch(l -> l.contains("openjdk-17-jre-headless"))
                .noneMatch(l -> l.contains("--mount") || l.contains("--chmod"));
        assertThat(Files.readString(root.resolve("docker/Dockerfile"))).doesNotContain("# syntax=");
        assertThat(Files.readString(root.resolve(".dockerignore")))
                .contains("**/target", ".git", "docker/prebuilt/*.jar");
        int runtimeStart = lines.indexOf(froms.get(3));
        List<String> runtime = lines.subList(runtimeStart, lines.size());
        assertThat(runtime).anyMatch(l -> l.startsWith("USER ") && !l.contains("root") && !l.matches("USER 0\\b.*"));
        assertThat(runtime).anyMatch(l -> l.startsWith("COPY --from=jar") && l.contains("safestart.jar"));
        assertThat(runtime).anyMatch(l -> l.startsWith("HEALTHCHECK "));
        assertThat(runtime).anyMatch(l -> l.contains("-XX:+ExitOnOutOfMemoryError"));
        assertThat(runtime).contains("ENTRYPOINT [\"safestart\"]", "CMD [\"worker\"]");
        assertThat(lines).anyMatch(l -> l.contains("-pl starter -am") && l.contains("package"));
        assertThat(root.resolve("docker/entrypoint.sh")).isExecutable();
    }

    private static List<String> volumeStrings(JsonNode service) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : service.path("volumes")) {
            if (v.isObject()) {
                out.add(v.path("source").asText() + ":" + v.path("target").asText()
                        + (v.path("read_only").asBoolean(false) ? ":ro" : ""));
            } else {
                out.add(v.asText());
            }
        }
        return out;
    }
}
