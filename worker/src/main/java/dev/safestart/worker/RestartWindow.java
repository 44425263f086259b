package dev.safestart.worker;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The gateway's expected daily restart, e.g. {@code 23:45-00:05 America/New_York}: a drop inside it is an
 * INFO event followed by automatic re-validation. The window may wrap midnight.
 */
public record RestartWindow(LocalTime start, LocalTime end, ZoneId zone) {

    static final String ACCEPTED = "expected HH:MM-HH:MM with an optional time zone, e.g. '23:45-00:05 America/New_York'";

    /** Parses {@code HH:MM-HH:MM [zone]}; the zone defaults to {@code defaultZone}. */
    public static RestartWindow parse(String variable, String text, ZoneId defaultZone) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length < 1 || parts.length > 2) {
            throw ConfigException.notAccepted(variable, text, ACCEPTED);
        }
        String[] times = parts[0].split("-");
        if (times.length != 2) {
            throw ConfigException.notAccepted(variable, text, ACCEPTED);
        }
        try {
            LocalTime start = LocalTime.parse(times[0]);
            LocalTime end = LocalTime.parse(times[1]);
            ZoneId zone = parts.length == 2 ? ZoneId.of(parts[1]) : defaultZone;
            if (start.equals(end)) {
                throw ConfigException.notAccepted(variable, text, ACCEPTED + " (start and end must differ)");
            }
            return new RestartWindow(start, end, zone);
        } catch (DateTimeException e) {
            throw ConfigException.notAccepted(variable, text, ACCEPTED);
        }
    }

    /** True when {@code instant} falls inside the window (start inclusive, end exclusive). */
    public boolean contains(Instant instant) {
        LocalTime t = instant.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !t.isBefore(start) && t.isBefore(end)
                : !t.isBefore(start) || t.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "-" + end + " " + zone.getId();
    }
}
