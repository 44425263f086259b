package dev.safestart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Temporal server (go.temporal.io/server, as the compose stack runs it) on PostgreSQL 15 with SQL
 * visibility (postgres12 plugins for both stores), and the Web UI server, as separate processes on free loopback
 * ports: what {@code docker compose up} runs, without Docker. Started in the order of the compose stack: PostgreSQL,
 * temporal-config/setup-postgres-schema.sh (the compose schema job's script) with the server module's schema,
 * the server with temporal-config/dynamicconfig/safestart.yaml, temporal-config/setup.sh (namespace {@code default}
 * and Safestart's search attributes, the compose setup job's script), then the UI. {@link #restart()} replaces
 * the server process and keeps PostgreSQL running.
 */
final class PostgresTemporalServer implements TemporalServer, AutoCloseable {
    /** The binaries and directories it needs; {@link Tools#postgresTemporal()} finds them. */
    record Binaries(Path server, Path sqlTool, Path ui, Path temporal, Path schemaDir, Path postgresBin) {}

    private final Binaries bin;
    private final Path dir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Duration> startupTimes = new LinkedHashMap<>();
    private PostgresCluster postgres;
    private ManagedProcess server;
    private ManagedProcess ui;
    private int starts;

    private PostgresTemporalServer(Binaries bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
        for (String port : List.of(
                "frontend",
                "frontendHttp",
                "frontendMembership",
                "history",
                "historyMembership",
                "matching",
                "matchingMembership",
                "worker",
                "workerMembership",
                "ui")) {
            // Below 32768: the server stores its services' ports in SMALLINT columns (cluster_membership).
            ports.put(port, FreePort.inRange(20_000, 32_768));
        }
    }

    /** Starts the whole stack; on any failure stops what already runs, then rethrows. */
    static PostgresTemporalServer start(Binaries bin, Path dir) {
        PostgresTemporalServer s = new PostgresTemporalServer(bin, dir);
        try {
            s.startAll();
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        postgres = PostgresCluster.start(bin.postgresBin(), dir);
        long t1 = lap("postgresql", t0);
        CommandResult schema = CommandResult.run(
                List.of(Tools.root()
                        .resolve("temporal-config/setup-postgres-schema.sh")
                        .toString()),
                Map.of(
                        "POSTGRES_SEEDS", postgres.host(),
                        "DB_PORT", String.valueOf(postgres.port()),
                        "POSTGRES_USER", PostgresCluster.USER,
                        "SQL_PASSWORD", PostgresCluster.PASSWORD,
                        "TEMPORAL_SQL_TOOL", bin.sqlTool().toString(),
                        "TEMPORAL_SCHEMA_DIR", bin.schemaDir().toString()),
                Duration.ofSeconds(180));
        write("schema.log", schema.describe());
        if (schema.exitCode() != 0) {
            throw new AssertionError("setup-postgres-schema.sh failed\n" + schema.describe());
        }
        long t2 = lap("schema", t1);
        writeServerConfig();
        startServer();
        long t3 = lap("temporal server", t2);
        CommandResult setup = CommandResult.run(
                List.of(Tools.root().resolve("temporal-config/setup.sh").toString()),
                Map.of(
                        "TEMPORAL_ADDRESS",
                        address(),
                        "TEMPORAL_NAMESPACE",
                        "default",
                        "TEMPORAL_BIN",
                        bin.temporal().toString(),
                        "SETUP_WAIT_SECONDS",
                        "60"),
                Duration.ofSeconds(180));
        write("setup.log", setup.describe());
        if (setup.exitCode() != 0) {
            throw new AssertionError("temporal-config/setup.sh failed\n" + setup.describe());
        }
        long t4 = lap("setup.sh", t3);
        startUi();
        lap("ui", t4);
        startupTimes.put("total", Duration.ofNanos(System.nanoTime() - t0));
        write("startup-times.txt", startupTimes.toString());
        System.out.println("PostgreSQL + Temporal server + UI ready: " + startupTimes);
    }

    private long lap(String what, long since) {
        long now = System.nanoTime();
        startupTimes.put(what, Duration.ofNanos(now - since));
        return now;
    }

    /** Modelled on the server module's config/development-postgres12.yaml: both stores on PostgreSQL. */
    private void writeServerConfig() {
        String datastore = """
                      sql:
                        pluginName: postgres12
                        databaseName: %s
                        connectAddr: "%s:%d"
                        connectProtocol: tcp
                        user: %s
                        password: "%s"
                        maxConns: %d
                        maxIdleConns: %d
                        maxConnLifetime: 1h
                """;
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                log:
                  stdout: true
                  level: warn
                persistence:
                  defaultStore: postgres-default
                  visibilityStore: postgres-visibility
                  numHistoryShards: 4
                  datastores:
                    postgres-default:
                """);
        yaml.append(datastore.formatted(
                "temporal", postgres.host(), postgres.port(), PostgresCluster.USER, PostgresCluster.PASSWORD, 20, 20));
        yaml.append("    postgres-visibility:\n");
        yaml.append(datastore.formatted(
                "temporal_visibility",
                postgres.host(),
                postgres.port(),
                PostgresCluster.USER,
                PostgresCluster.PASSWORD,
                10,
                10));
        yaml.append("""
                global:
                  membership:
                    maxJoinDuration: 30s
                    broadcastAddress: 127.0.0.1
                services:
                """);
        for (String service : List.of("frontend", "history", "matching", "worker")) {
            yaml.append("  ").append(service).append(":\n    rpc:\n");
            yaml.append("      grpcPort: ").append(ports.get(service)).append('\n');
            yaml.append("      membershipPort: ")
                    .append(ports.get(service + "Membership"))
                    .append('\n');
            yaml.append("      bindOnIP: 127.0.0.1\n");
            if (service.equals("frontend")) {
                yaml.append("      httpPort: ")
                        .append(ports.get("frontendHttp"))
                        .append('\n');
            }
        }
        yaml.append("""
                clusterMetadata:
                  enableGlobalNamespace: false
                  failoverVersionIncrement: 10
                  masterClusterName: active
                  currentClusterName: active
                  clusterInformation:
                    active:
                      enabled: true
                      initialFailoverVersion: 1
                      rpcName: frontend
                      rpcAddress: "%s"
                dcRedirectionPolicy:
                  policy: noop
                dynamicConfigClient:
                  filepath: "%s"
                  pollInterval: 10s
                """.formatted(address(), Tools.root().resolve("temporal-config/dynamicconfig/safestart.yaml")));
        write("config/e2e.yaml", yaml.toString());
        write("ui-config/e2e.yaml", """
                temporalGrpcAddress: "%s"
                host: 127.0.0.1
                port: %d
                enableUi: true
                defaultNamespace: default
                notifyOnNewVersion: false
                cors:
                  allowOrigins:
                    - "%s"
                """.formatted(address(), ports.get("ui"), uiUrl()));
    }

    private void startServer() {
        starts++;
        server = ManagedProcess.start(
                "temporal-server-" + starts,
                List.of(
                        bin.server().toString(),
                        "--root",
                        dir.toString(),
                        "--config",
                        "config",
                        "--env",
                        "e2e",
                        "--allow-no-auth",
                        "start"),
                Map.of(),
                dir);
        server.awaitWhileAlive(
                () -> temporal(Duration.ofSeconds(10), "operator", "cluster", "health")
                                .exitCode()
                        == 0,
                Duration.ofSeconds(120),
                "the Temporal server's frontend healthy");
    }

    private void startUi() {
        ui = ManagedProcess.start(
                "temporal-ui",
                List.of(
                        bin.ui().toString(),
                        "--root",
                        dir.toString(),
                        "--config",
                        "ui-config",
                        "--env",
                        "e2e",
                        "start"),
                Map.of(),
                dir);
        ui.awaitWhileAlive(
                () -> TemporalServer.answers200(uiUrl() + "/"), Duration.ofSeconds(60), "the Web UI serving");
    }

    private void write(String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String address() {
        return "127.0.0.1:" + ports.get("frontend");
    }

    @Override
    public String uiUrl() {
        return "http://127.0.0.1:" + ports.get("ui");
    }

    @Override
    public Path temporalBin() {
        return bin.temporal();
    }

    PostgresCluster postgres() {
        return postgres;
    }

    ManagedProcess process() {
        return server;
    }

    /** How long each part of the start took (postgresql, schema, temporal server, setup.sh, ui, total). */
    Map<String, Duration> startupTimes() {
        return Map.copyOf(startupTimes);
    }

    /** A graceful stop of the server process, then a new one on the same PostgreSQL databases and ports. */
    @Override
    public void restart() {
        server.stop(Duration.ofSeconds(30));
        startServer();
    }

    @Override
    public void close() {
        List<Runnable> stops = new ArrayList<>();
        if (ui != null) {
            stops.add(() -> ui.stop(Duration.ofSeconds(10)));
        }
        if (server != null) {
            stops.add(() -> server.stop(Duration.ofSeconds(30)));
        }
        if (postgres != null) {
            stops.add(postgres::close);
        }
        RuntimeException first = null;
        for (Runnable stop : stops) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
