package dev.safestart.workflows.startup;

/** The wait before attempt n+1: the first interval doubled per attempt up to the cap (5, 10, 20, 30, 30 … s). */
public final class Backoff {
    private Backoff() {}

    /** Delay in seconds after attempt {@code attempt} (1-based) failed. */
    public static long delaySeconds(int attempt, int intervalSeconds, int capSeconds) {
        long delay = intervalSeconds;
        for (int i = 1; i < attempt && delay < capSeconds; i++) {
            delay *= 2;
        }
        return Math.min(delay, capSeconds);
    }
}
