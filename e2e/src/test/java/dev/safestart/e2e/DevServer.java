package dev.safestart.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Temporal dev server (the `temporal` CLI's start-dev), with SQLite persistence in a file,
 * started through temporal-config/dev-server.sh so it gets the project's search attributes and
 * dynamic config, on free loopback ports. Can be stopped and started again on the same database.
 */
final class DevServer implements TemporalServer, AutoCloseable {
    private final Path temporalBin;
    private final Path dir;
    private final Path database;
    private final int grpcPort;
    private final int uiPort;
    private ManagedProcess process;
    private int starts;

    private DevServer(Path temporalBin, Path dir) {
        this.temporalBin = temporalBin;
        this.dir = dir;
        this.database = dir.resolve("temporal.db");
        this.grpcPort = FreePort.next();
        this.uiPort = FreePort.next();
    }

    static DevServer start(Path temporalBin, Path dir) {
        DevServer server = new DevServer(temporalBin, dir);
        server.startProcess();
        return server;
    }

    @Override
    public String address() {
        return "127.0.0.1:" + grpcPort;
    }

    @Override
    public String uiUrl() {
        return "http://127.0.0.1:" + uiPort;
    }

    Path database() {
        return database;
    }

    @Override
    public Path temporalBin() {
        return temporalBin;
    }

    ManagedProcess process() {
        return process;
    }

    private void startProcess() {
        starts++;
        List<String> cmd = List.of(
                Tools.root().resolve("temporal-config/dev-server.sh").toString(),
                "--db-filename",
                database.toString(),
                "--port",
                String.valueOf(grpcPort),
                "--ui-port",
                String.valueOf(uiPort),
                "--log-level",
                "warn");
        process = ManagedProcess.start(
                "temporal-dev-server-" + starts, cmd, Map.of("TEMPORAL_BIN", temporalBin.toString()), dir);
        awaitReady(Duration.ofSeconds(60));
    }

    /** Ready = the frontend answers a health check and the UI serves its page. */
    private void awaitReady(Duration timeout) {
        process.awaitWhileAlive(
                () -> temporal(Duration.ofSeconds(10), "operator", "cluster", "health")
                                        .exitCode()
                                == 0
                        && TemporalServer.answers200(uiUrl() + "/"),
                timeout,
                "the dev server's frontend healthy and its UI serving");
    }

    /** Graceful stop, then a fresh server process on the same SQLite file and ports. */
    @Override
    public void restart() {
        process.stop(Duration.ofSeconds(20));
        startProcess();
    }

    void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
