package dev.safestart.devtools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trials 0..n-1 run on a number of lanes at once: each lane, a thread of its own, takes the next trial until none is
 * left or one has failed anywhere; the first failure fails the whole run. A trial schedules its gateway's changes on
 * timers shared by the lanes ({@link #after}), so a lane thread is free to wait on its startup meanwhile.
 */
final class BenchLanes {
    /** One lane's work: {@code lane} numbers it from 0; it runs the trials {@link #nextTrial} hands out. */
    @FunctionalInterface
    interface LaneWork {
        void run(int lane, BenchLanes trials) throws Exception;
    }

    private final int trials;
    private final ScheduledExecutorService timers;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private BenchLanes(int trials, ScheduledExecutorService timers) {
        this.trials = trials;
        this.timers = timers;
    }

    /**
     * Runs {@code work} on {@code lanes} threads until the {@code trials} are done; a trial's exception ends its lane
     * and is rethrown (an IllegalStateException as it is, any other wrapped in one) once every lane has stopped.
     */
    static void run(int lanes, int trials, LaneWork work) throws InterruptedException, ExecutionException {
        BenchLanes run = new BenchLanes(trials, Executors.newScheduledThreadPool(lanes));
        ExecutorService laneThreads = Executors.newFixedThreadPool(lanes);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int l = 0; l < lanes; l++) {
                int lane = l;
                done.add(laneThreads.submit(() -> {
                    try {
                        work.run(lane, run);
                    } catch (Exception e) {
                        run.failure.compareAndSet(null, e);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            laneThreads.shutdown();
            run.timers.shutdown();
        }
        Exception first = run.failure.get();
        if (first != null) {
            throw first instanceof IllegalStateException ise ? ise : new IllegalStateException(first.toString(), first);
        }
    }

    /** The next trial's number, or -1 when every trial is taken or one has failed. */
    int nextTrial() {
        int i = next.getAndIncrement();
        return i < trials && failure.get() == null ? i : -1;
    }

    /** Runs {@code action} after {@code delayMillis} on the shared timers: a change of the gateway mid-trial. */
    void after(long delayMillis, Runnable action) {
        timers.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
    }
}
