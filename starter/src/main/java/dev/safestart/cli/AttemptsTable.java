package dev.safestart.cli;

import dev.safestart.workflows.model.AttemptRecord;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The attempts of a startup as a text table (times in UTC). */
final class AttemptsTable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private AttemptsTable() {}

    static void print(PrintStream out, List<AttemptRecord> attempts) {
        if (attempts.isEmpty()) {
            out.println("(no attempts recorded yet)");
            return;
        }
        out.println(String.format(
                Locale.ROOT,
                "%-7s %-23s %-14s %-19s %10s  %s",
                "ATTEMPT",
                "STARTED (UTC)",
                "STEP",
                "STATE",
                "LATENCY",
                "DETAIL"));
        for (AttemptRecord a : attempts) {
            out.println(String.format(
                    Locale.ROOT,
                    "%-7s %-23s %-14s %-19s %7.1f ms  %s",
                    a.attempt() + "/" + a.maxAttempts(),
                    TIME.format(Instant.ofEpochMilli(a.startedAtEpochMillis())),
                    a.step(),
                    a.state(),
                    a.latencyMs(),
                    AttemptsPrinter.shorten(a.detail(), 90)));
        }
    }
}
