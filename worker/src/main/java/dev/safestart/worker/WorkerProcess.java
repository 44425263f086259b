package dev.safestart.worker;

import dev.safestart.engine.TradingEngine;
import dev.safestart.worker.logging.LogSetup;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process ({@code safestart worker}): reads and validates the environment, logs JSON lines tagged
 * with the bot id, connects to Temporal (retrying while the server comes up), serves the task queue until
 * SIGTERM/SIGINT, then stops polling, lets tasks in flight finish and closes the trading engine.
 */
public final class WorkerProcess {
    /** Exit code: the configuration was refused (one line on stderr says which variable and why). */
    public static final int EXIT_CONFIG = 1;
    /** Exit code: Temporal could not be reached within the connect window. */
    public static final int EXIT_UNREACHABLE = 3;

    private static final Duration CONNECT_WINDOW = Duration.ofSeconds(60);

    private WorkerProcess() {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.err, TradingEngines::create));
    }

    /** Runs until the JVM is asked to stop; returns an exit code only when the worker could not start. */
    public static int run(Map<String, String> env, PrintStream err, Function<WorkerConfig, TradingEngine> engines) {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnv(env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        LogSetup.worker(config.botId(), config.logLevel());
        Logger log = LoggerFactory.getLogger(WorkerProcess.class);
        log.info("starting worker with {}", config.describe());

        WorkflowServiceStubs stubs = connect(config, log);
        if (stubs == null) {
            err.println("TEMPORAL_ADDRESS='" + config.temporalAddress() + "' is not reachable within "
                    + CONNECT_WINDOW.toSeconds() + " s: is the Temporal server running?");
            return EXIT_UNREACHABLE;
        }
        WorkflowClient client = WorkflowClient.newInstance(stubs,
                WorkflowClientOptions.newBuilder().setNamespace(config.temporalNamespace()).build());
        TradingEngine engine = engines.apply(config);
        SafestartWorker worker = SafestartWorker.start(client, config, engine);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stop requested: draining the worker");
            worker.close();
            engine.close();
            stubs.shutdown();
            log.info("worker process done");
            stopped.countDown();
        }, "safestart-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static WorkflowServiceStubs connect(WorkerConfig config, Logger log) {
        long deadline = System.nanoTime() + CONNECT_WINDOW.toNanos();
        while (true) {
            try {
                return WorkflowServiceStubs.newConnectedServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(config.temporalAddress()).build(), Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                log.warn("Temporal at {} not reachable yet ({}); retrying", config.temporalAddress(), e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }
}
