package dev.safestart.cli;

import dev.safestart.workflows.model.AttemptRecord;
import dev.safestart.workflows.model.StartupProgress;
import dev.safestart.workflows.model.StartupResult;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * Live progress of a startup as plain lines: each new attempt once (attempt n/N, state, latency, detail,
 * next retry in …) and each phase change once. Fed with successive progress-query answers.
 */
public final class AttemptsPrinter {
    private final PrintStream out;
    private final Clock clock;
    private int attemptsShown;
    private String lastPhase;

    AttemptsPrinter(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Prints to {@code out} as progress answers come in. */
    public static AttemptsPrinter live(PrintStream out) {
        return new AttemptsPrinter(out, Clock.systemUTC());
    }

    /** The attempts as a table (times in UTC). */
    public static void table(PrintStream out, java.util.List<AttemptRecord> attempts) {
        AttemptsTable.print(out, attempts);
    }

    /** One line: outcome, strategy, gateway state, attempts, duration, reason. */
    public static String summary(StartupResult r) {
        return StartCommand.summary(r);
    }

    public void accept(StartupProgress p) {
        for (int i = attemptsShown; i < p.attempts().size(); i++) {
            AttemptRecord a = p.attempts().get(i);
            boolean latest = i == p.attempts().size() - 1;
            String retry = latest && p.outcome() == null ? nextRetry(p.nextRetryAtEpochMillis()) : "";
            out.println(String.format(
                    Locale.ROOT,
                    "  attempt %2d/%d  %-19s %-14s %7.0f ms  %s%s",
                    a.attempt(),
                    a.maxAttempts(),
                    a.state(),
                    a.step(),
                    a.latencyMs(),
                    shorten(a.detail(), 70),
                    retry));
        }
        attemptsShown = Math.max(attemptsShown, p.attempts().size());
        if (p.phase() != null && !Objects.equals(p.phase(), lastPhase)) {
            lastPhase = p.phase();
            out.println("  phase " + p.phase());
        }
    }

    /** Catches up with the attempts in the final result (the last poll may have missed some). */
    public void finish(StartupResult r) {
        for (int i = attemptsShown; i < r.attempts().size(); i++) {
            AttemptRecord a = r.attempts().get(i);
            out.println(String.format(
                    Locale.ROOT,
                    "  attempt %2d/%d  %-19s %-14s %7.0f ms  %s",
                    a.attempt(),
                    a.maxAttempts(),
                    a.state(),
                    a.step(),
                    a.latencyMs(),
                    shorten(a.detail(), 70)));
        }
        attemptsShown = r.attempts().size();
    }

    private String nextRetry(long at) {
        if (at <= 0) {
            return "";
        }
        long inMillis = at - clock.millis();
        return inMillis <= 0
                ? "  (retrying now)"
                : String.format(Locale.ROOT, "  (next retry in %.1f s)", inMillis / 1000.0);
    }

    static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
