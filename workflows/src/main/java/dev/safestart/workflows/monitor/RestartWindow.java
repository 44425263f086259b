package dev.safestart.workflows.monitor;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * GATEWAY_RESTART_WINDOW, e.g. {@code 23:45-00:05 America/New_York} (seconds allowed: {@code 23:45:30-00:05:00 UTC}): the gateway's expected nightly reset. A drop
 * inside it is an INFO event, does not count towards the restart-storm limit, and is followed by automatic
 * re-validation once the window ends. Pure computation (safe in workflow code).
 */
public record RestartWindow(LocalTime start, LocalTime end, ZoneId zone) {

    public static RestartWindow parse(String text) {
        String value = text == null ? "" : text.trim();
        String[] parts = value.split("\\s+");
        String[] times = parts[0].split("-");
        if (parts.length != 2 || times.length != 2) {
            throw new IllegalArgumentException("GATEWAY_RESTART_WINDOW '" + value
                    + "' not understood; expected HH:MM-HH:MM <zone>, e.g. 23:45-00:05 America/New_York");
        }
        try {
            return new RestartWindow(LocalTime.parse(times[0]), LocalTime.parse(times[1]), ZoneId.of(parts[1]));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("GATEWAY_RESTART_WINDOW '" + value + "': " + e.getMessage()
                    + "; expected HH:MM-HH:MM <zone>, e.g. 23:45-00:05 America/New_York");
        }
    }

    public boolean contains(long epochMillis) {
        LocalTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone).toLocalTime();
        if (!start.isAfter(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end); // wraps past midnight
    }

    /** The first end of the window at or after {@code epochMillis}. */
    public long nextEnd(long epochMillis) {
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
        ZonedDateTime candidate = now.with(end).withNano(0);
        if (candidate.isBefore(now)) {
            candidate = candidate.plusDays(1);
        }
        return candidate.toInstant().toEpochMilli();
    }
}
