package dev.safestart.worker;

import dev.safestart.engine.TradingEngine;
import io.temporal.worker.Worker;

/**
 * What a Safestart worker serves on its task queue: the workflow implementations and the activity
 * implementations wired to this process's trading engine and configuration. The worker process, the demo,
 * the benchmarks and the tests all register through here, so they run the same code.
 */
public final class Registrations {
    private Registrations() {}

    /** Registers every Safestart workflow and activity on {@code worker}. */
    public static void registerAll(Worker worker, WorkerConfig config, TradingEngine engine) {
        // Filled in as the workflow and activity implementations land (StartupWorkflowImpl, gateway/module/
        // gameplan activities, alerts, runtime monitor).
    }
}
