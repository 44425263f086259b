package dev.safestart.worker;

import dev.safestart.worker.logging.LogSetup;
import dev.safestart.worker.metrics.MetricsInterceptor;
import dev.safestart.worker.metrics.WorkerMetrics;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process ({@code safestart worker}): reads and validates the environment, logs JSON lines tagged
 * with the bot id, connects to Temporal (retrying while the server comes up, failing at once on a TLS or
 * credentials problem), serves what {@link WorkerWiring} wires for its {@code WORKER_ROLE} until SIGTERM/SIGINT,
 * then stops polling, lets tasks in flight finish and closes the trading engine.
 */
public final class WorkerProcess implements AutoCloseable {
    /** Exit code: the configuration was refused (one line on stderr says which variable and why). */
    public static final int EXIT_CONFIG = 1;
    /** Exit code: Temporal could not be reached within the connect window. */
    public static final int EXIT_UNREACHABLE = 3;

    static final Duration CONNECT_WINDOW = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

    private final WorkerConfig config;
    private final WorkflowServiceStubs stubs;
    private final WorkerWiring worker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final WorkerMetrics metrics;

    private WorkerProcess(WorkerConfig config, WorkflowServiceStubs stubs, WorkerWiring worker, WorkerMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.stubs = stubs;
        this.worker = worker;
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.err));
    }

    /** Runs until the JVM is asked to stop (exit 0); returns early with an exit code when the worker cannot start. */
    public static int run(Map<String, String> env, PrintStream err) {
        WorkerProcess process;
        try {
            process = start(env, CONNECT_WINDOW);
        } catch (StartFailure e) {
            err.println(e.getMessage());
            return e.exitCode;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "safestart-shutdown"));
        process.awaitStopped();
        return 0;
    }

    /**
     * Validates the configuration, switches logging to JSON lines, connects and starts polling.
     *
     * @throws StartFailure with the one line to print and the exit code
     */
    public static WorkerProcess start(Map<String, String> env, Duration connectWindow) {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnv(env);
        } catch (ConfigException e) {
            throw new StartFailure(EXIT_CONFIG, e.getMessage());
        }
        LogSetup.worker(config.botId(), config.logLevel());
        log.info("starting worker with {}", config.describe());
        WorkerMetrics metrics = config.metricsPort() == 0 ? null : new WorkerMetrics();
        TemporalEndpoint endpoint =
                metrics == null ? config.temporal() : config.temporal().withMetricsScope(metrics.temporalScope());
        WorkflowServiceStubs stubs;
        try {
            stubs = endpoint.connectRetrying(connectWindow);
        } catch (TemporalEndpoint.ConnectFailure e) {
            if (!e.retryable) {
                throw new StartFailure(EXIT_CONFIG, e.getMessage());
            }
            throw new StartFailure(
                    EXIT_UNREACHABLE,
                    "TEMPORAL_ADDRESS='" + config.temporalAddress() + "' is not reachable within "
                            + connectWindow.toSeconds() + " s: is the Temporal server running?");
        }
        WorkflowClient client = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(config.temporalNamespace())
                        .build());
        WorkerWiring worker = WorkerWiring.builder(client, config)
                .interceptors(metrics == null ? List.of() : List.of(new MetricsInterceptor(metrics)))
                .build();
        if (metrics != null) {
            try {
                metrics.serve(config.metricsBind(), config.metricsPort());
            } catch (RuntimeException e) {
                worker.close();
                stubs.shutdownNow();
                throw new StartFailure(
                        EXIT_CONFIG,
                        "METRICS_PORT='" + config.metricsPort() + "' is not accepted: cannot listen on "
                                + config.metricsBind() + ":" + config.metricsPort());
            }
            worker.engine().ifPresent(metrics::bindEngine);
        }
        worker.startPolling();
        return new WorkerProcess(config, stubs, worker, metrics);
    }

    public WorkerConfig config() {
        return config;
    }

    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Graceful stop: no new tasks, tasks in flight finish (bounded), engine and connection closed. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        log.info("stop requested: draining the worker");
        worker.close();
        if (metrics != null) {
            metrics.close();
        }
        stubs.shutdown();
        try {
            stubs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            stubs.shutdownNow();
        }
        log.info("worker process done");
        stopped.countDown();
    }

    /** The worker could not start; {@link #getMessage()} is the one line for stderr. */
    public static final class StartFailure extends RuntimeException {
        public final int exitCode;

        StartFailure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
