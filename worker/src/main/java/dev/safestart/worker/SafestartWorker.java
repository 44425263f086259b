package dev.safestart.worker;

import dev.safestart.activities.monitor.EngineTradingActivities;
import dev.safestart.activities.monitor.MonitorSignaller;
import dev.safestart.engine.TradingEngine;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Safestart worker: one {@link WorkerFactory} polling the configured task queue with every
 * registration of {@link Registrations}. Used by {@code safestart worker}, the demo, the benchmarks and tests.
 * Closing it stops polling, lets running tasks finish (bounded) and leaves the client and engine to the caller.
 */
public final class SafestartWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SafestartWorker.class);
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final WorkerFactory factory;
    private final Worker worker;
    private final WorkerConfig config;
    private final List<AutoCloseable> resources;
    private final Runnable announce;

    private SafestartWorker(
            WorkerFactory factory,
            Worker worker,
            WorkerConfig config,
            List<AutoCloseable> resources,
            Runnable announce) {
        this.announce = announce;
        this.factory = factory;
        this.worker = worker;
        this.config = config;
        this.resources = resources;
    }

    /** Creates the worker, registers everything and starts polling {@code config.taskQueue()}. */
    public static SafestartWorker start(WorkflowClient client, WorkerConfig config, TradingEngine engine) {
        return start(client, config, engine, List.of());
    }

    /** {@link #start} with worker interceptors. */
    public static SafestartWorker start(
            WorkflowClient client, WorkerConfig config, TradingEngine engine, List<WorkerInterceptor> interceptors) {
        SafestartWorker w = create(client, config, engine, interceptors);
        w.startPolling();
        log.info(
                "worker polling task queue {} in namespace {}",
                config.taskQueue(),
                client.getOptions().getNamespace());
        return w;
    }

    /** Creates and registers without starting, for callers that add registrations of their own first. */
    public static SafestartWorker create(WorkflowClient client, WorkerConfig config, TradingEngine engine) {
        return create(client, config, engine, List.of());
    }

    /** {@link #create} with worker interceptors (the metrics one) on every worker of the factory. */
    public static SafestartWorker create(
            WorkflowClient client, WorkerConfig config, TradingEngine engine, List<WorkerInterceptor> interceptors) {
        WorkerFactory factory = WorkerFactory.newInstance(
                client,
                WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(interceptors.toArray(WorkerInterceptor[]::new))
                        .build());
        Worker worker = factory.newWorker(config.taskQueue());
        List<AutoCloseable> resources = new java.util.ArrayList<>(Registrations.registerAll(worker, config, engine));
        MonitorSignaller signaller =
                RuntimeMonitorRegistration.register(client, factory, worker, config, engine, resources);
        resources.add(signaller);
        String engineQueue = Registrations.engineTaskQueue(config, engine);
        if (!engineQueue.isEmpty()) {
            Registrations.registerEngineQueue(factory.newWorker(engineQueue), config, engine);
            log.info("engine {} serves its own task queue {}", engine.engineId(), engineQueue);
        }
        EngineTradingActivities engineView = new EngineTradingActivities(() -> engine, engineQueue);
        Runnable announce =
                engineQueue.isEmpty() ? () -> {} : () -> signaller.announce(engineView.ping(config.botId()));
        return new SafestartWorker(factory, worker, config, resources, announce);
    }

    /** Starts polling, then announces this worker's engine to the bot's monitor. */
    public void startPolling() {
        factory.start();
        announce.run();
    }

    public Worker worker() {
        return worker;
    }

    public WorkerFactory factory() {
        return factory;
    }

    public WorkerConfig config() {
        return config;
    }

    /** Stops polling and waits (bounded) for tasks in flight; safe to call twice. */
    @Override
    public void close() {
        if (factory.isShutdown() || factory.isTerminated()) {
            return;
        }
        factory.shutdown();
        factory.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            factory.shutdownNow();
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.getMessage());
            }
        }
        log.info("worker stopped");
    }
}
