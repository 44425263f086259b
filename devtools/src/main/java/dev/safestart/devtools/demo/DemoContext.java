package dev.safestart.devtools.demo;

import dev.safestart.cli.StartupClient;
import dev.safestart.cli.TemporalConnection;
import dev.safestart.engine.TradingEngine;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.ScenarioPlayer;
import dev.safestart.worker.WorkerConfig;
import dev.safestart.worker.WorkerWiring;
import dev.safestart.workflows.model.StartupResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the demo's steps share: each step fills in what later steps need and registers what must be closed.
 * Resources close in reverse order (worker before engine before simulator before Temporal).
 */
public final class DemoContext implements AutoCloseable {
    public static final String BOT_ID = "demo-bot";

    public final PrintStream out;
    public final Path workDir;
    public final boolean preferDevServer;

    public EmbeddedTemporal temporal;
    public TemporalConnection connection;
    public GatewaySimulator simulator;
    public ScenarioPlayer scenario;
    public Path gameplan;
    public WorkerConfig config;
    public TradingEngine engine;
    public WorkerWiring worker;
    public StartupClient.Handle startup;
    public StartupResult result;
    /** System.nanoTime() when the runtime demo dropped the gateway. */
    public long runtimeDropNanos;

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    public DemoContext(PrintStream out, Path workDir, boolean preferDevServer) {
        this.out = out;
        this.workDir = workDir;
        this.preferDevServer = preferDevServer;
    }

    /** Closed when the demo ends, last registered first. */
    public <T extends AutoCloseable> T closeAtEnd(T resource) {
        closeables.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                out.println("  (while shutting down: " + e.getMessage() + ")");
            }
        }
    }
}
