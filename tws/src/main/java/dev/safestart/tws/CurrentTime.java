package dev.safestart.tws;

import java.time.Duration;
import java.time.Instant;

/** A currentTime reply: the gateway's clock and the round trip of the request that asked for it. */
public record CurrentTime(Instant serverTime, Duration roundTrip) {}
