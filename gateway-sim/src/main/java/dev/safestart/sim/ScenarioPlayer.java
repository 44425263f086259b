package dev.safestart.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a {@link Scenario} on a simulator, driven by its scheduler: step 1 at once (before {@code play} returns),
 * each next step when the
 * previous one's duration has passed. Records every mode change the simulator made while playing (a RESTART's
 * return to READY included) with its instant, so a benchmark can ask "when did the gateway turn READY?".
 */
public final class ScenarioPlayer {
    private static final Logger log = LoggerFactory.getLogger(ScenarioPlayer.class);

    private final GatewaySimulator sim;
    private final Scenario scenario;
    private final ScheduledExecutorService scheduler;
    private final List<ModeChange> timeline = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final ModeListener recorder = this::record;
    private final Instant startedAt = Instant.now();
    private ScheduledFuture<?> next;
    private volatile boolean cancelled;
    private volatile String failure;

    private ScenarioPlayer(GatewaySimulator sim, Scenario scenario, ScheduledExecutorService scheduler) {
        this.sim = sim;
        this.scenario = scenario;
        this.scheduler = scheduler;
    }

    static ScenarioPlayer play(GatewaySimulator sim, Scenario scenario, ScheduledExecutorService scheduler) {
        ScenarioPlayer player = new ScenarioPlayer(sim, scenario, scheduler);
        sim.addModeListener(player.recorder);
        log.info("scenario '{}': {} step(s)", scenario.name(), scenario.steps().size());
        // Step 1 on the caller's thread: when play() returns, the story's first mode is in force.
        player.runStep(0);
        return player;
    }

    private void runStep(int index) {
        if (cancelled) {
            return;
        }
        Scenario.Step step = scenario.steps().get(index);
        try {
            if (step.account() != null) {
                AccountControl.apply(sim, step.account());
            }
            sim.setMode(step.mode(), step.params());
        } catch (RuntimeException e) {
            failure = "step " + (index + 1) + " (" + step.mode() + ") failed: " + e.getMessage();
            log.error("scenario '{}': {}", scenario.name(), failure);
            finish();
            return;
        }
        boolean last = index == scenario.steps().size() - 1;
        if (last && step.duration() == null) {
            finish();
            return;
        }
        synchronized (this) {
            if (cancelled) {
                return;
            }
            Runnable then = last ? this::finish : () -> runStep(index + 1);
            next = scheduler.schedule(then, step.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void record(SimMode mode, Instant at) {
        timeline.add(new ModeChange(
                mode, sim.currentMode().mode() == mode ? sim.currentMode().params() : java.util.Map.of(), at));
    }

    private void finish() {
        // Keep recording after the last step: a RESTART's own return to READY still belongs to this story.
        done.countDown();
    }

    /** Stops the story where it is (the current mode stays) and stops recording. */
    public void cancel() {
        synchronized (this) {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        sim.removeModeListener(recorder);
        done.countDown();
    }

    public Scenario scenario() {
        return scenario;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Every mode change seen while playing, in order. */
    public synchronized List<ModeChange> timeline() {
        return List.copyOf(timeline);
    }

    /** The first moment the simulator turned READY during this story. */
    public synchronized Optional<Instant> readyAt() {
        return timeline.stream()
                .filter(c -> c.mode() == SimMode.READY)
                .map(ModeChange::at)
                .findFirst();
    }

    /** True when every step has been applied (and the last one's duration, if any, has passed) or it was cancelled. */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the simulator has turned READY in this story; the instant, or empty on timeout. */
    public Optional<Instant> awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instant> ready = readyAt();
            if (ready.isPresent() || cancelled) {
                return ready;
            }
            Thread.sleep(5);
        }
        return readyAt();
    }
}
