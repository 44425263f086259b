package dev.safestart.sim;

import java.time.Instant;

/** Told about every mode change the moment it takes effect (e.g. "the sim turned READY at t"). */
@FunctionalInterface
public interface ModeListener {
    void onModeChange(SimMode mode, Instant at);
}
