package dev.safestart.workflows.startup;

import static dev.safestart.workflows.model.GatewayState.API_NOT_READY;
import static dev.safestart.workflows.model.GatewayState.NOT_AUTHENTICATED;
import static dev.safestart.workflows.model.GatewayState.PORT_CLOSED;
import static dev.safestart.workflows.model.GatewayState.READY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism: histories recorded from earlier runs of the startup workflow (committed under
 * src/test/resources/histories) must replay against the current code. A workflow change that breaks replay
 * fails here. Histories from older code stay (they prove old runs still replay after versioned changes); the
 * recorder only writes files that are missing: delete one and run with {@code -Dsafestart.recordHistories=true}.
 *
 * <p>{@code startup-validated.json}, {@code startup-strategy-c.json} and {@code startup-refused.json} predate the
 * runtime-monitor hand-over; {@code startup-validated-monitor.json} was recorded with it;
 * {@code startup-validated-readiness.json} with probePort as a local activity (the readiness-check version);
 * {@code startup-summaries.json} with the summarized backoff timer (version {@code backoff-timer-summary}).
 * {@code startup-worker-settings.json} and {@code startup-refused-widening.json} were recorded once the settings came
 * from the worker (resolveSettings), the first with a narrowing request, the second with a widening one.
 * {@code startup-warm-local.json} is a warm start with resolveSettings, initModules and loadGameplan as local
 * activities (version {@code warm-start-local-steps}). {@code startup-one-task.json} was recorded with version {@code
 * warm-start-one-task}: attempt 1's quick look (validateAuth as a local activity) hears a silent API and hands over
 * to the regular validateAuth, the watch sees READY, attempt 2's quick look is READY, and the report to the owner is a
 * local activity, so VALIDATED comes in the workflow task that began attempt 2.
 */
@Timeout(120)
class StartupReplayTest {
    private static final Path DIR = Path.of("src/test/resources/histories");

    /** Every kept startup history in the directory: a newly recorded one is replayed without being listed. */
    static List<String> keptHistories() throws IOException {
        try (var files = Files.list(DIR)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith("startup-") && name.endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void noKeptHistoryIsLost() throws IOException {
        assertThat(keptHistories())
                .as("ten were kept by 2026-12-06; none is ever deleted")
                .hasSizeGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("keptHistories")
    void recordedHistoryReplays(String file) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, StartupWorkflowImpl.class);
    }

    private static void write(Path file, String json) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, json);
        }
    }

    /** Records the histories above that are missing; only runs when asked to. */
    @Test
    void recordHistories() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Boolean.getBoolean("safestart.recordHistories"),
                "recording only with -Dsafestart.recordHistories=true");
        Files.createDirectories(DIR);

        // Hanging watches cancelled twice by the safety-net timer, then READY at attempt 3, gameplan A armed.
        ScriptedGateway gateway = new ScriptedGateway(API_NOT_READY, PORT_CLOSED, READY);
        gateway.watchHangs = true;
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(1);
            s.retryCapSeconds(2);
            StartupResult r = h.run("replay1", s.build());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            write(
                    DIR.resolve("startup-validated.json"),
                    h.client.fetchHistory("startup-replay1").toJson(true));
        }
        // Watch fires READY early after attempt 4; WARNING alert at attempt 3; gameplan rejected → Strategy C.
        ScriptedGateway early = ScriptedGateway.always(NOT_AUTHENTICATED);
        early.watchSeesReadyAfterAttempt = 4;
        try (StartupHarness h = new StartupHarness(
                early, new FixedGameplan(GameplanCheck.rejected("date", "2026-02-09 is not today")))) {
            StartupResult r = h.run("replay2", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.STRATEGY_C);
            write(
                    DIR.resolve("startup-strategy-c.json"),
                    h.client.fetchHistory("startup-replay2").toJson(true));
        }
        // The current code's VALIDATED path, with the runtime monitor hand-over and an attempt-3 WARNING.
        ScriptedGateway current = ScriptedGateway.readyAtAttempt(4, PORT_CLOSED);
        current.watchSeesReadyAfterAttempt = 3;
        try (StartupHarness h = new StartupHarness(current, FixedGameplan.valid("B"))) {
            StartupResult r = h.run("replay4", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            write(
                    DIR.resolve("startup-validated-monitor.json"),
                    h.client.fetchHistory("startup-replay4").toJson(true));
        }
        // The readiness-check version: probePort as a local activity (a marker per attempt), PORT_CLOSED, then
        // API_NOT_READY, then READY at attempt 3.
        ScriptedGateway login = new ScriptedGateway(PORT_CLOSED, API_NOT_READY, READY);
        try (StartupHarness h = new StartupHarness(login, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(1);
            s.retryCapSeconds(2);
            StartupResult r = h.run("replay5", s.build());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).hasSize(3);
            write(
                    DIR.resolve("startup-validated-readiness.json"),
                    h.client.fetchHistory("startup-replay5").toJson(true));
        }
        // Summarized attempts and backoff timers: a hanging watch cut by the named safety-net timer, an early
        // READY from the watch, then READY at attempt 3.
        ScriptedGateway named = new ScriptedGateway(API_NOT_READY, PORT_CLOSED, READY);
        named.watchHangs = true;
        try (StartupHarness h = new StartupHarness(named, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.retryIntervalSeconds(1);
            s.retryCapSeconds(2);
            StartupResult r = h.run("replay6", s.build());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            String json = h.client.fetchHistory("startup-replay6").toJson(true);
            assertThat(json)
                    .contains("EVENT_TYPE_MARKER_RECORDED")
                    .contains("EVENT_TYPE_TIMER_STARTED")
                    .contains("userMetadata");
            write(DIR.resolve("startup-summaries.json"), json);
        }
        // Settings from the worker, narrowed by the request (DRY_RUN=true, 5 attempts); READY at attempt 2.
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.readyAtAttempt(2, PORT_CLOSED), FixedGameplan.valid("A"))) {
            StartupSettings.Builder w = StartupSettings.builder();
            w.dryRun(false);
            h.workerSettings.configure("replay7", w.build());
            StartupResult r = h.stub("replay7")
                    .start(dev.safestart.workflows.model.StartupRequest.forBot(
                            "replay7",
                            dev.safestart.workflows.model.StartupOverrides.none()
                                    .withDryRun(true)
                                    .withMaxRetries(5)));
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            write(
                    DIR.resolve("startup-worker-settings.json"),
                    h.client.fetchHistory("startup-replay7").toJson(true));
        }
        // A widening request (another port) refused by the worker: FAILED without a probe.
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.workerSettings.configure("replay8", StartupSettings.defaults());
            StartupResult r = h.stub("replay8")
                    .start(dev.safestart.workflows.model.StartupRequest.forBot(
                            "replay8",
                            dev.safestart.workflows.model.StartupOverrides.none()
                                    .withGatewayPort(4001)));
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            write(
                    DIR.resolve("startup-refused-widening.json"),
                    h.client.fetchHistory("startup-replay8").toJson(true));
        }
        // Warm start: READY at attempt 1; settings, engine and gameplan as local activities (one marker each). Its
        // checks describe the code it was recorded with (warm-start-one-task has since made more steps local): it runs
        // only to record the file afresh where it is missing, never over a kept one (and with today's code these checks
        // fail: an old path cannot be recorded anew).
        if (!Files.exists(DIR.resolve("startup-warm-local.json"))) {
            try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
                StartupResult r = h.run("replay9", StartupSettings.defaults());
                assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
                var history = h.client.fetchHistory("startup-replay9");
                assertThat(WarmStartTest.scheduledActivities(history))
                        .as("only validateAuth, the owner's report and the alert stay activities")
                        .containsExactly("validateAuth", "MonitorReportValidation", "SendAlert");
                assertThat(WarmStartTest.localActivities(history))
                        .containsExactly("resolveSettings", "probePort", "initModules", "loadGameplan");
                write(DIR.resolve("startup-warm-local.json"), history.toJson(true));
            }
        }
        // One workflow task from READY to VALIDATED: attempt 1's quick look is silent (the patient validateAuth takes
        // over), the watch sees READY, attempt 2's quick look is READY, the report to the owner is a local activity.
        ScriptedGateway oneTask = ScriptedGateway.always(API_NOT_READY);
        oneTask.watchSeesReadyAfterAttempt = 1;
        try (StartupHarness h = new StartupHarness(oneTask, FixedGameplan.valid("A"))) {
            StartupResult r = h.run("replay10", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(r.attempts()).extracting(a -> a.state()).containsExactly(API_NOT_READY, READY);
            var history = h.client.fetchHistory("startup-replay10");
            assertThat(WarmStartTest.scheduledActivities(history))
                    .containsExactly("validateAuth", "awaitGatewayReady", "SendAlert");
            assertThat(WarmStartTest.localActivities(history))
                    .containsExactly(
                            "resolveSettings",
                            "probePort",
                            "validateAuth",
                            "probePort",
                            "validateAuth",
                            "initModules",
                            "loadGameplan",
                            "MonitorReportValidation");
            write(DIR.resolve("startup-one-task.json"), history.toJson(true));
        }
        // Refused configuration: FAILED without a probe.
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.gatewayPort(4001);
            StartupResult r = h.run("replay3", s.build());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            write(
                    DIR.resolve("startup-refused.json"),
                    h.client.fetchHistory("startup-replay3").toJson(true));
        }
    }
}
