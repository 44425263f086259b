package dev.safestart.workflows.startup;

import dev.safestart.workflows.GatewayActivities;
import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.GatewayTarget;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway whose classification per attempt follows a script (the last entry repeats). A real in-test
 * implementation of the gateway activities for workflow tests: it returns what the real ones would for each state.
 */
final class ScriptedGateway implements GatewayActivities {
    private final List<GatewayState> script;
    final AtomicInteger probePortCalls = new AtomicInteger();
    final AtomicInteger validateAuthCalls = new AtomicInteger();
    final AtomicInteger watchCalls = new AtomicInteger();
    final AtomicBoolean watchCancelled = new AtomicBoolean();
    final List<GatewayTarget> targets = Collections.synchronizedList(new ArrayList<>());
    /** The watch reports READY once this many attempts have been made (0: the watch never fires). */
    volatile int watchSeesReadyAfterAttempt;
    /** The watch blocks in real time for maxWaitMillis, heartbeating, as the real one does when nothing changes. */
    volatile boolean watchBlocks;
    /** The watch ignores maxWaitMillis and hangs, heartbeating, until cancelled (the workflow's safety-net path). */
    volatile boolean watchHangs;
    /** validateAuth throws (like a crashed worker) this many times before answering. */
    final AtomicInteger validateAuthFailures = new AtomicInteger();

    private volatile boolean readyForGood;
    /** The managed accounts a READY check reports. */
    volatile List<String> accounts = List.of("DU1234567");

    ScriptedGateway(GatewayState... script) {
        this.script = List.of(script);
    }

    static ScriptedGateway always(GatewayState state) {
        return new ScriptedGateway(state);
    }

    static ScriptedGateway readyAtAttempt(int k, GatewayState before) {
        GatewayState[] s = new GatewayState[k];
        java.util.Arrays.fill(s, before);
        s[k - 1] = GatewayState.READY;
        return new ScriptedGateway(s);
    }

    private GatewayState stateFor(int attempt) {
        if (readyForGood) {
            return GatewayState.READY;
        }
        return script.get(Math.min(attempt, script.size()) - 1);
    }

    @Override
    public GatewayCheck probePort(GatewayTarget target) {
        targets.add(target);
        GatewayState state = stateFor(probePortCalls.incrementAndGet());
        if (state == GatewayState.PORT_CLOSED || state == GatewayState.UNREACHABLE) {
            return new GatewayCheck(state, false, 0.3, "connect: " + state, List.of(), 0, System.currentTimeMillis());
        }
        return new GatewayCheck(GatewayState.UNKNOWN, true, 0.2, "port open", List.of(), 0, System.currentTimeMillis());
    }

    @Override
    public GatewayCheck validateAuth(GatewayTarget target) {
        targets.add(target);
        validateAuthCalls.incrementAndGet();
        if (validateAuthFailures.getAndDecrement() > 0) {
            throw new IllegalStateException("worker lost its network namespace");
        }
        GatewayState state = stateFor(probePortCalls.get());
        return state == GatewayState.READY
                ? new GatewayCheck(
                        state,
                        true,
                        3.5,
                        "accounts " + String.join(",", accounts),
                        accounts,
                        178,
                        System.currentTimeMillis())
                : new GatewayCheck(
                        state, true, 60_000, "handshake: " + state, List.of(), 0, System.currentTimeMillis());
    }

    @Override
    public GatewayCheck awaitGatewayReady(GatewayTarget target, GatewayState lastState, long maxWaitMillis) {
        watchCalls.incrementAndGet();
        int after = watchSeesReadyAfterAttempt;
        if (after > 0 && probePortCalls.get() >= after) {
            readyForGood = true;
            return new GatewayCheck(
                    GatewayState.READY, true, 2, "watch: ready", accounts, 178, System.currentTimeMillis());
        }
        if (watchBlocks || watchHangs) {
            long until = System.currentTimeMillis() + (watchHangs ? 60_000 : maxWaitMillis);
            try {
                while (System.currentTimeMillis() < until) {
                    Activity.getExecutionContext().heartbeat(lastState);
                    Thread.sleep(50);
                }
            } catch (ActivityCompletionException e) {
                watchCancelled.set(true);
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new GatewayCheck(lastState, false, 0, "watch: unchanged", List.of(), 0, System.currentTimeMillis());
    }
}
