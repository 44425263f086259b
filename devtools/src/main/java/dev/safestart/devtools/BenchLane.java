package dev.safestart.devtools;

import dev.safestart.sim.GatewaySimulator;
import dev.safestart.worker.WorkerConfig;
import dev.safestart.worker.WorkerWiring;

/**
 * One bot of a bench ({@link BenchServer#lane}): its gateway simulator and its worker (trading engine included) on
 * its own task queue, so trials in different lanes do not share a bot.
 */
record BenchLane(String name, GatewaySimulator sim, WorkerConfig config, WorkerWiring worker) implements AutoCloseable {
    @Override
    public void close() {
        // The gateway goes first: the stopped monitor's watches (probe, engine) then end at once, and the worker's
        // drain does not wait for them.
        sim.close();
        worker.close();
    }
}
