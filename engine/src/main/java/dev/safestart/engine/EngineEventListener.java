package dev.safestart.engine;

/**
 * Told of every {@link EngineEvent}. Called on the thread that caused the event (for connection events: the
 * protocol reader thread, after the order gate is already closed), so implementations must hand slow work
 * (a Temporal signal) to their own executor.
 */
@FunctionalInterface
public interface EngineEventListener {
    void onEngineEvent(EngineEvent event);
}
