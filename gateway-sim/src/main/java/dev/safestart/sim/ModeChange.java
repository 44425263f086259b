package dev.safestart.sim;

import java.time.Instant;
import java.util.Map;

/** One mode change as it took effect: the mode, its validated parameters and the instant. */
public record ModeChange(SimMode mode, Map<String, String> params, Instant at) {
    public ModeChange {
        params = Map.copyOf(params);
    }
}
