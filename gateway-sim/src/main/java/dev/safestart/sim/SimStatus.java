package dev.safestart.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A snapshot of the simulator: mode, listening state and open sessions. */
public record SimStatus(
        SimMode mode,
        Map<String, String> params,
        Instant modeSince,
        String bindAddress,
        int port,
        int controlPort,
        boolean listening,
        List<Session> sessions,
        Counters counters) {

    public SimStatus {
        params = Map.copyOf(params);
        sessions = List.copyOf(sessions);
    }

    /**
     * What the simulator saw since it started, for politeness checks: connections accepted (and those accepted
     * while API_NOT_READY), the most connections open at once, error 326 replies sent, and the shortest time between
     * two connections accepted while API_NOT_READY (-1 until there were two).
     */
    public record Counters(
            long accepted, long acceptedWhileSilent, int peakOpen, long errors326, long minSilentAcceptGapMs) {}

    /** One open connection. {@code clientId} is null until the client's startApi arrived. */
    public record Session(
            long id, String remote, Integer clientId, int serverVersion, String state, Instant connectedAt) {}

    /** Client ids of sessions whose API was started (READY or NOT_AUTHENTICATED). */
    public List<Integer> clientIds() {
        return sessions.stream()
                .map(Session::clientId)
                .filter(Objects::nonNull)
                .sorted()
                .toList();
    }
}
