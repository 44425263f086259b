package dev.safestart.workflows.monitor;

import dev.safestart.workflows.model.GatewayState;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

public class FakeGatewayCheck implements GatewayCheckActivities {
    public volatile GatewayState state = GatewayState.READY;
    public final AtomicInteger probes = new AtomicInteger();
    public volatile java.util.function.LongSupplier clock = System::currentTimeMillis;
    /** Watches started so far. */
    public final AtomicInteger watches = new AtomicInteger();
    /** When set, the running watch goes silent as if its worker died: no heartbeat, no result (once). */
    public final AtomicBoolean loseRunningWatch = new AtomicBoolean();
    /** The number of the watch that went silent, 0 until one did. */
    public final AtomicInteger lostWatch = new AtomicInteger();

    @Override
    public ProbeOutcome probeGateway(ProbeTarget command) {
        probes.incrementAndGet();
        return new ProbeOutcome(state, 1.0, state == GatewayState.READY ? "accounts DU1" : "simulated " + state);
    }

    /** Probes once per interval of workflow time (the test environment's clock); heartbeats meanwhile. */
    @Override
    public ProbeOutcome watchGateway(GatewayWatch watch) {
        io.temporal.activity.ActivityExecutionContext context = io.temporal.activity.Activity.getExecutionContext();
        long endAt = clock.getAsLong() + watch.maxSeconds() * 1000L;
        long nextProbe = 0;
        int number = watches.incrementAndGet();
        while (true) {
            if (loseRunningWatch.compareAndSet(true, false)) {
                lostWatch.set(number);
                silentUntil(endAt);
                return probeGateway(watch.probe()); // too late: the server timed the watch out long before
            }
            if (clock.getAsLong() >= nextProbe) {
                ProbeOutcome outcome = probeGateway(watch.probe());
                if (outcome.state() != watch.expected() || clock.getAsLong() >= endAt) {
                    return outcome;
                }
                nextProbe = clock.getAsLong() + watch.intervalSeconds() * 1000L;
            }
            context.heartbeat(null);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return probeGateway(watch.probe());
            }
        }
    }

    private void silentUntil(long endAt) {
        while (clock.getAsLong() < endAt && !Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
