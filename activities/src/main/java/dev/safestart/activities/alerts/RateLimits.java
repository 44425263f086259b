package dev.safestart.activities.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads Discord's rate-limit hints: seconds as decimals ({@code 0.5}, {@code 1.234}) or an HTTP date. */
final class RateLimits {
    private RateLimits() {}

    /** A decimal number of seconds, or null when absent, malformed, negative or not finite. */
    static Duration seconds(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return fromSeconds(Double.parseDouble(header.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Duration fromSeconds(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return null;
        }
        return Duration.ofMillis((long) Math.ceil(Math.min(seconds, 86_400) * 1000));
    }

    /** {@code Retry-After}: seconds, or an HTTP date (RFC 1123) relative to {@code now}. */
    static Duration retryAfterHeader(String header, Instant now) {
        Duration d = seconds(header);
        if (d != null || header == null) {
            return d;
        }
        try {
            Instant at = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration until = Duration.between(now, at);
            return until.isNegative() ? Duration.ZERO : until;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The largest of the hints present; {@code fallback} when none is. */
    static Duration largest(Duration fallback, Duration... hints) {
        Duration best = null;
        for (Duration h : hints) {
            if (h != null && (best == null || h.compareTo(best) > 0)) {
                best = h;
            }
        }
        return best == null ? fallback : best;
    }
}
