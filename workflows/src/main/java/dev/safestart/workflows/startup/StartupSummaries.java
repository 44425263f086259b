package dev.safestart.workflows.startup;

import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The user metadata that makes a startup's history readable in the Web UI and {@code temporal workflow show}
 * without opening payloads: activity summaries ({@code attempt 3/30 validateAuth}), timer summaries
 * ({@code backoff 10 s before attempt 4}), the workflow's static summary (bot, gateway, mode) and its current
 * details (phase, attempt, last state). Pure text; metadata only, so no command changes.
 */
public final class StartupSummaries {
    private StartupSummaries() {}

    /** {@code attempt 3/30 validateAuth}. */
    public static String attempt(int n, int max, String step) {
        return "attempt " + n + "/" + max + " " + step;
    }

    /** {@code backoff 10 s before attempt 4} (under a second: milliseconds). */
    public static String backoff(long waitMillis, int nextAttempt) {
        String wait = waitMillis < 1000 ? waitMillis + " ms" : Math.round(waitMillis / 1000.0) + " s";
        return "backoff " + wait + " before attempt " + nextAttempt;
    }

    /** The watch activity during a backoff: {@code watch for READY before attempt 4}. */
    public static String watch(int nextAttempt) {
        return "watch for READY before attempt " + nextAttempt;
    }

    /** The static summary a client can give: the bot, and whether the request narrows its worker's settings. */
    public static String workflow(String botId, boolean narrowed) {
        return "bot " + botId + " · settings of its worker" + (narrowed ? ", narrowed by the request" : "");
    }

    /**
     * The static details a client gives with {@link #workflow(String, boolean)}. A client that sets a summary sets
     * details too: the Java SDK reads both back from a Schedule's start action, and an absent one fails
     * {@code schedule describe}.
     */
    public static String workflowDetails(String botId) {
        return "The gateway, client ids, DRY_RUN and trading mode are those of " + botId
                + "'s worker; the settings it used are in the startup's history and current details.";
    }

    /** {@code bot mybot · gateway gateway:4002 · paper, dry run}: what the worker's settings say. */
    public static String workflow(String botId, StartupSettings s) {
        return "bot " + botId + " · gateway " + s.gatewayAddress() + " · " + s.tradingMode()
                + (s.dryRun() ? ", dry run" : "");
    }

    /** {@code phase probing · attempt 3/30 · last state API_NOT_READY}: the current details. */
    public static String details(String phase, int attempt, int max, GatewayState lastState) {
        return "phase " + phase + (attempt > 0 ? " · attempt " + attempt + "/" + max : "")
                + (lastState == null || lastState == GatewayState.UNKNOWN ? "" : " · last state " + lastState);
    }

    /** {@code options} with the Web UI summary {@code summary}. */
    public static ActivityOptions summarized(ActivityOptions options, String summary) {
        return ActivityOptions.newBuilder(options).setSummary(summary).build();
    }

    /** A local activity's {@code options} with the summary its marker carries to the Web UI. */
    public static LocalActivityOptions summarized(LocalActivityOptions options, String summary) {
        return LocalActivityOptions.newBuilder(options).setSummary(summary).build();
    }

    /** A workflow timer the Web UI shows with {@code summary} instead of its number. */
    public static Promise<Void> timer(Duration d, String summary) {
        return Workflow.newTimer(
                d, TimerOptions.newBuilder().setSummary(summary).build());
    }
}
