package dev.safestart.workflows.monitor;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * GATEWAY_RESTART_WINDOW, e.g. {@code 23:45-00:05 America/New_York} (seconds allowed: {@code 23:45:30-00:05:00 UTC}):
 * the gateway's expected nightly reset; the one definition, used by the worker's configuration and the monitor. A
 * drop inside it is an INFO event, does not count towards the restart-storm limit, and is followed by automatic
 * re-validation once the window ends. Pure computation (safe in workflow code).
 */
public record RestartWindow(LocalTime start, LocalTime end, ZoneId zone) {

    /** What GATEWAY_RESTART_WINDOW accepts, for error messages. */
    public static final String ACCEPTED =
            "expected HH:MM-HH:MM with an optional time zone, e.g. '23:45-00:05 America/New_York'";

    /** Parses {@code HH:MM-HH:MM <zone>} (the form stored in MonitorSettings: the zone is required). */
    public static RestartWindow parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses {@code HH:MM-HH:MM [zone]} (seconds allowed); without a zone, {@code defaultZone} (null: the zone is
     * required). Start and end must differ; the window may wrap midnight.
     */
    public static RestartWindow parse(String text, ZoneId defaultZone) {
        String value = text == null ? "" : text.trim();
        String[] parts = value.split("\\s+");
        String[] times = parts[0].split("-");
        if (parts.length > 2 || times.length != 2 || (parts.length == 1 && defaultZone == null)) {
            throw new IllegalArgumentException("GATEWAY_RESTART_WINDOW '" + value + "' not understood; " + ACCEPTED);
        }
        try {
            RestartWindow window = new RestartWindow(
                    LocalTime.parse(times[0]),
                    LocalTime.parse(times[1]),
                    parts.length == 2 ? ZoneId.of(parts[1]) : defaultZone);
            if (window.start().equals(window.end())) {
                throw new IllegalArgumentException(
                        "GATEWAY_RESTART_WINDOW '" + value + "': start and end must differ; " + ACCEPTED);
            }
            return window;
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(
                    "GATEWAY_RESTART_WINDOW '" + value + "': " + e.getMessage() + "; " + ACCEPTED);
        }
    }

    /** True when {@code instant} falls inside the window (start inclusive, end exclusive). */
    public boolean contains(Instant instant) {
        return contains(instant.toEpochMilli());
    }

    public boolean contains(long epochMillis) {
        LocalTime t =
                ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone).toLocalTime();
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

    /** The form {@link #parse(String)} reads back, e.g. {@code 23:45-00:05 America/New_York}. */
    @Override
    public String toString() {
        return start + "-" + end + " " + zone.getId();
    }
}
