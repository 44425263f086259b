package dev.safestart.devtools;

import dev.safestart.cli.StartupClient;
import dev.safestart.cli.TemporalConnection;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.worker.WorkerConfig;
import dev.safestart.worker.WorkerWiring;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Map;

/**
 * What the benches with a Temporal server run on: a scratch directory (today's gameplan, the bots' state, the dev
 * server's database), the embedded Temporal server and one connection to it; the lanes (bots) started there; and how
 * the startup benches read a startup's outcome and timing from history. Closing it stops the server and deletes the
 * scratch directory.
 */
record BenchServer(Path dir, Path gameplan, EmbeddedTemporal temporal, TemporalConnection conn)
        implements AutoCloseable {
    /** Starts the server {@code options} choose in a new scratch directory, which goes again if the start fails. */
    static BenchServer start(BenchServerOptions options) throws IOException {
        return start(options.preferDevServer(), options.historyInFile());
    }

    /**
     * As {@link #start(BenchServerOptions)}: the dev server when {@code preferDevServer} and installed (its history
     * in a SQLite file when {@code historyInFile}), else the Java test server.
     */
    static BenchServer start(boolean preferDevServer, boolean historyInFile) throws IOException {
        Path dir = EmbeddedTemporal.tempDir(Path.of(System.getProperty("java.io.tmpdir")), "safestart-bench-");
        try {
            Path gameplan =
                    LocalSettings.writeTodaysGameplan(dir.resolve("gameplan.json"), ZoneId.of("America/New_York"));
            EmbeddedTemporal temporal = EmbeddedTemporal.start(preferDevServer, dir.resolve("temporal"), historyInFile);
            try {
                return new BenchServer(
                        dir, gameplan, temporal, TemporalConnection.open(temporal.address(), temporal.namespace()));
            } catch (RuntimeException e) {
                temporal.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** The JSON's account of where the bench ran: the server, where it kept the history, the machine's cores. */
    void describe(Map<String, Object> doc) {
        doc.put("server", temporal.kind());
        doc.put("serverHistory", temporal.databaseFile().isPresent() ? "SQLite file" : "in memory");
        doc.put("cores", Runtime.getRuntime().availableProcessors());
    }

    /**
     * A new bot named {@code name} on its own task queue, its gateway simulator starting in {@code initialMode};
     * {@code settings} (environment variables) go over the local defaults.
     */
    BenchLane lane(String name, SimMode initialMode, Map<String, String> settings) throws IOException {
        GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults().withInitialMode(initialMode));
        try {
            Map<String, String> env = LocalSettings.env(
                    name, sim.port(), gameplan, temporal, "bench-" + name, dir.resolve("state-" + name));
            env.putAll(settings);
            WorkerConfig config = WorkerConfig.fromEnv(env);
            return new BenchLane(name, sim, config, WorkerWiring.start(conn.client(), config));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    StartupClient startups() {
        return new StartupClient(conn.client());
    }

    WorkflowExecutionHistory history(StartupClient.Handle h) {
        return conn.client().fetchHistory(h.workflowId(), h.runId());
    }

    /** When the server recorded the startup's start (its first event). */
    Instant startTime(StartupClient.Handle h) {
        return StartupTimeline.toInstant(history(h).getEvents().get(0).getEventTime());
    }

    /** The bot's monitor's history (the run this startup's report started), or null if there is none. */
    WorkflowExecutionHistory monitorHistory(String botId) {
        try {
            return conn.client().fetchHistory(RuntimeMonitorWorkflow.workflowId(botId));
        } catch (RuntimeException none) {
            return null;
        }
    }

    /** Each trial measures one startup: the monitor a VALIDATED startup launches is stopped before the next. */
    void stopMonitor(String botId) {
        try {
            conn.client()
                    .newUntypedWorkflowStub(RuntimeMonitorWorkflow.workflowId(botId))
                    .terminate("bench: trial done");
        } catch (RuntimeException notRunning) {
            // nothing to stop
        }
    }

    /** A trial that did not end VALIDATED fails the bench: {@code what} names the trial. */
    static void requireValidated(StartupResult r, String what) {
        if (r.outcome() != StartupOutcome.VALIDATED) {
            throw new IllegalStateException(what + " ended " + r.outcome() + ": " + r.reason());
        }
    }

    /** The event that upserted StartupOutcome=VALIDATED: when history says the startup validated. */
    static Instant validatedAt(WorkflowExecutionHistory history, StartupClient.Handle h) {
        for (HistoryEvent e : history.getEvents()) {
            if (e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
                    && "VALIDATED"
                            .equals(StartupClient.decode(e.getUpsertWorkflowSearchAttributesEventAttributes()
                                    .getSearchAttributes()
                                    .getIndexedFieldsMap()
                                    .get("StartupOutcome")))) {
                return StartupTimeline.toInstant(e.getEventTime());
            }
        }
        throw new IllegalStateException(h.workflowId() + " has no StartupOutcome=VALIDATED upsert in its history");
    }

    /** When the startup's workflow completed (after the outcome's alert was delivered). */
    static Instant completedAt(WorkflowExecutionHistory history, StartupClient.Handle h) {
        HistoryEvent last = history.getLastEvent();
        if (last.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
            throw new IllegalStateException("last event of " + h.workflowId() + " is " + last.getEventType());
        }
        return StartupTimeline.toInstant(last.getEventTime());
    }

    @Override
    public void close() {
        // The connection, then the server, then the directory: each also when the one before fails.
        try (temporal) {
            conn.close();
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The scratch directory (gameplan, ledgers, the dev server's database) is not worth keeping. */
    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort: it is a temp directory
        }
    }
}
