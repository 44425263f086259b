package dev.safestart.localrun;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal dev server ({@code temporal server start-dev}) on free loopback ports: SQLite, in a file the demo
 * keeps (so its history can be browsed later), or in memory (the dev server's own default, which the benchmarks use:
 * they delete their scratch directory anyway).
 */
final class DevServer implements EmbeddedTemporal {
    private static final Duration START_WINDOW = Duration.ofSeconds(45);

    private final Process process;
    private final String address;
    private final String ui;
    /** The SQLite file, or null when the history is kept in memory. */
    private final Path db;

    private final Path logFile;
    /** Stops the server if this JVM ends without closing it (Ctrl-C, SIGTERM): never leave an orphan behind. */
    private final Thread orphanGuard;

    private DevServer(Process process, String address, String ui, Path db, Path logFile) {
        this.process = process;
        this.address = address;
        this.ui = ui;
        this.db = db;
        this.logFile = logFile;
        this.orphanGuard = new Thread(this::stopProcess, "temporal-dev-server-stop");
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    /** The {@code temporal} binary: on PATH, else {@code ~/go/bin/temporal} (where {@code go install} puts it). */
    static Optional<Path> findBinary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, "temporal");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", "temporal");
        return Files.isExecutable(goBin) ? Optional.of(goBin) : Optional.empty();
    }

    static DevServer start(Path binary, Path workDir) throws IOException {
        return start(binary, workDir, true);
    }

    /**
     * @param persist true: history in a SQLite file under {@code workDir}; false: in memory ({@code start-dev}'s
     *     default)
     */
    static DevServer start(Path binary, Path workDir, boolean persist) throws IOException {
        int port = EmbeddedTemporal.freePort();
        int uiPort = EmbeddedTemporal.freePort();
        Files.createDirectories(workDir);
        Path db = persist ? workDir.resolve("temporal.db") : null;
        Path log = workDir.resolve("temporal-server.log");
        List<String> cmd = new ArrayList<>(List.of(
                binary.toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--ui-port",
                String.valueOf(uiPort),
                "--log-level",
                "error"));
        if (db != null) {
            cmd.add("--db-filename");
            cmd.add(db.toString());
        }
        for (String sa : SEARCH_ATTRIBUTES) {
            cmd.add("--search-attribute");
            cmd.add(sa + "=Keyword");
        }
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        DevServer server = new DevServer(p, "127.0.0.1:" + port, "http://127.0.0.1:" + uiPort, db, log);
        try {
            server.awaitUp();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitUp() throws IOException {
        long deadline = System.nanoTime() + START_WINDOW.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "temporal server start-dev exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                WorkflowServiceStubs stubs = WorkflowServiceStubs.newConnectedServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(address)
                                .build(),
                        Duration.ofSeconds(2));
                stubs.shutdownNow();
                return;
            } catch (RuntimeException notYet) {
                sleep(200);
            }
        }
        throw new IOException("temporal dev server not up on " + address + " within " + START_WINDOW.toSeconds()
                + " s; see " + logFile);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String namespace() {
        return "default";
    }

    @Override
    public String kind() {
        return "temporal dev server";
    }

    @Override
    public Optional<String> uiAddress() {
        return Optional.of(ui);
    }

    @Override
    public Optional<Path> databaseFile() {
        return Optional.ofNullable(db);
    }

    @Override
    public boolean isRealServer() {
        return true;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: it stops the process
        }
        stopProcess();
    }

    private void stopProcess() {
        process.destroy(); // SIGTERM: the dev server flushes SQLite and exits
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
