package dev.safestart.devtools;

import dev.safestart.cli.CliEnvironment;
import dev.safestart.cli.ExitCodes;
import dev.safestart.cli.Json;
import dev.safestart.cli.StartupClient;
import dev.safestart.sim.ModeChange;
import dev.safestart.sim.ModeParams;
import dev.safestart.sim.SimMode;
import dev.safestart.sim.SimStatus;
import dev.safestart.worker.logging.LogSetup;
import dev.safestart.workflows.model.StartupResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code safestart bench readiness}: a gateway that behaves like a real login, against the startup on DEFAULT
 * settings. Each trial: the port refuses for --closed seconds, then TCP is accepted while the API stays silent for a
 * uniform --silent-min..--silent-max seconds (wedged: those sockets are never answered; queued: they are answered
 * when the login completes), then READY. Lag = simulator READY → VALIDATED in the startup's history. Side by side,
 * on the same ready moments, two models of the operators' loops: the original (10 s connect timeout, 5/10/20/30 s
 * backoff) and the operators' 60 s-timeout remedy (GATEWAY_HANDSHAKE_TIMEOUT=60, client id 100,
 * same backoff).
 */
@Command(
        name = "readiness",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "Readiness lag under default settings and a realistic login (refused, silent, ready), wedged and",
            "queued, with the operators' original loop and their 60 s-timeout remedy modelled on the same ready",
            "moments."
        },
        footer = {
            "%nExit codes:",
            "  0  measured (the JSON says whether the targets were met)",
            "  1  a trial did not end VALIDATED",
            "  64 bad usage"
        })
public final class BenchReadinessCommand implements Callable<Integer> {
    /** The bench's bots run on the DEFAULT settings: nothing but the addresses is set. */
    private static final Map<String, String> DEFAULTS = Map.of();

    private final CliEnvironment env;

    @Option(names = "--trials", defaultValue = "30", description = "trials per behaviour (default ${DEFAULT-VALUE})")
    int trials;

    @Option(
            names = "--lanes",
            defaultValue = "8",
            description = "trials run concurrently in this many lanes, each its own simulator, engine and worker"
                    + " (default ${DEFAULT-VALUE})")
    int lanes;

    @Option(
            names = "--closed",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "refused phase (default ${DEFAULT-VALUE})")
    int closedSeconds;

    @Option(names = "--silent-min", defaultValue = "5", paramLabel = "SECONDS")
    int silentMin;

    @Option(names = "--silent-max", defaultValue = "90", paramLabel = "SECONDS")
    int silentMax;

    @Option(names = "--seed", defaultValue = "14", description = "random seed of the silent phases")
    long seed;

    @Mixin
    BenchServerOptions serverOptions;

    @Option(
            names = {"-v", "--verbose"},
            description = "progress on stderr")
    boolean verbose;

    public BenchReadinessCommand(CliEnvironment env) {
        this.env = env;
    }

    public BenchReadinessCommand() {
        this(CliEnvironment.system());
    }

    /** The operators' original loop: 10 s connect timeout (handshake included), then 5/10/20/30 s backoff. */
    static final long ORIGINAL_TIMEOUT_MS = 10_000;
    /**
     * The operators' 60 s-timeout remedy: the same loop with a 60 s timeout (and client id 100, which does not change
     * timing).
     */
    static final long REMEDY_TIMEOUT_MS = 60_000;

    /**
     * A model of a connect-retry loop on the gateway's timeline, as the old-schedule baseline: an attempt at a refused
     * port fails at once; one accepted while silent waits {@code timeoutMs} and fails, unless the gateway is queued
     * and turns ready before that (then it succeeds at the ready moment); one at a ready gateway succeeds at once.
     * Backoff after the n-th failure: 5, 10, 20, then 30 s. Returns the lag from ready to success.
     */
    static long modelLagMs(long closedMs, long readyMs, long timeoutMs, boolean queued) {
        long[] delays = {5_000, 10_000, 20_000};
        long t = 0;
        for (int i = 0; ; i++) {
            if (t >= readyMs) {
                return t - readyMs;
            }
            long failedAt;
            if (t < closedMs) {
                failedAt = t;
            } else if (queued && t + timeoutMs > readyMs) {
                return 0;
            } else {
                failedAt = t + timeoutMs;
            }
            t = failedAt + (i < delays.length ? delays[i] : 30_000);
        }
    }

    record Trial(int n, boolean queued, long silentMs) {}

    @Override
    public Integer call() throws Exception {
        LogSetup.cli(false);
        if (trials < 1 || lanes < 1 || closedSeconds < 0 || silentMin < 0 || silentMax < silentMin) {
            env.err().println("--trials and --lanes must be >= 1, 0 <= --silent-min <= --silent-max, --closed >= 0");
            return ExitCodes.USAGE;
        }
        if (!serverOptions.usageOk(env.err())) {
            return ExitCodes.USAGE;
        }
        Random random = new Random(seed);
        List<Trial> plan = new ArrayList<>();
        for (int i = 0; i < trials * 2; i++) {
            plan.add(new Trial(
                    i, i % 2 == 1, Math.round((silentMin + random.nextDouble() * (silentMax - silentMin)) * 1000)));
        }
        try (BenchServer bench = BenchServer.start(serverOptions)) {
            List<Map<String, Object>> results = run(plan, bench);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("bench", "readiness");
            bench.describe(doc);
            doc.put(
                    "settings",
                    "defaults (GATEWAY_HANDSHAKE_TIMEOUT=60, GATEWAY_RETRY_INTERVAL=5, PROBE_CLIENT_ID=100)");
            doc.put(
                    "timeline",
                    "port refused " + closedSeconds + " s, API silent uniform " + silentMin + "–" + silentMax
                            + " s, then READY");
            doc.put("lanes", lanes);
            doc.put(
                    "concurrency",
                    "trials run " + lanes + " at a time, each lane its own simulator, engine and worker"
                            + " on one dev server");
            doc.put(
                    "lag",
                    "simulator READY → StartupOutcome=VALIDATED upsert in history; baselines are models on the"
                            + " same ready moments (detection only: no validation time added)");
            doc.put("targetP99Ms", 1000);
            for (boolean queued : new boolean[] {false, true}) {
                doc.put(queued ? "queued" : "wedged", summary(results, queued));
            }
            doc.put("trials", results);
            env.out().println(Json.write(doc));
            return ExitCodes.OK;
        } catch (IllegalStateException e) {
            env.err().println("bench readiness: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private Map<String, Object> summary(List<Map<String, Object>> results, boolean queued) {
        List<Map<String, Object>> mine = results.stream()
                .filter(r -> (boolean) r.get("queued") == queued)
                .toList();
        List<Double> lag =
                mine.stream().map(r -> (double) r.get("safestartLagMs")).toList();
        List<Double> original = mine.stream()
                .map(r -> ((Long) r.get("originalLoopLagMs")).doubleValue())
                .toList();
        List<Double> remedy = mine.stream()
                .map(r -> ((Long) r.get("remedyLagMs")).doubleValue())
                .toList();
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> s = BenchStats.stats(new ArrayList<>(lag));
        m.put("safestart", s);
        m.put("originalLoop", BenchStats.stats(new ArrayList<>(original)));
        m.put("operatorsRemedy60s", BenchStats.stats(new ArrayList<>(remedy)));
        List<Double> detection = mine.stream()
                .map(r -> (Double) r.get("detectionLagMs"))
                .filter(d -> d != null)
                .toList();
        if (!detection.isEmpty()) {
            Map<String, Object> d = BenchStats.stats(new ArrayList<>(detection));
            d.put(
                    "what",
                    "READY → the validateAuth that saw it: its completion in history, or for the local quick look"
                            + " the moment its check ended (the rest of the lag is the startup's steps after the"
                            + " gateway check)");
            m.put("safestartDetection", d);
        }
        m.put(
                "ratioP50",
                Map.of(
                        "originalLoopOverSafestart", ratio(m, "originalLoop", "p50Ms"),
                        "remedyOverSafestart", ratio(m, "operatorsRemedy60s", "p50Ms")));
        m.put(
                "ratioP99",
                Map.of(
                        "originalLoopOverSafestart", ratio(m, "originalLoop", "p99Ms"),
                        "remedyOverSafestart", ratio(m, "operatorsRemedy60s", "p99Ms")));
        m.put("targetMet", (double) s.get("p99Ms") <= 1000.0);
        @SuppressWarnings("unchecked")
        List<Map<String, Double>> steps = mine.stream()
                .map(r -> (Map<String, Double>) r.get("afterReady"))
                .toList();
        m.put(
                "breakdownAfterReadyMs",
                Map.of(
                        "what",
                        "ms from the simulator's READY to each step of the startup that followed it (the last of"
                                + " each kind; a local activity: when first scheduled) and of the owner's side of the"
                                + " report; p50/p99 over the trials",
                        "steps",
                        StartupTimeline.summarize(steps)));
        m.put(
                "maxProbeSocketsOpenAtOnce",
                mine.stream().mapToInt(r -> (int) r.get("peakOpen")).max().orElse(0));
        m.put(
                "connectionsPerMinuteWhileSilent",
                BenchStats.stats(mine.stream()
                        .map(r -> (double) r.get("connectionsPerMinuteWhileSilent"))
                        .toList()));
        m.put(
                "shortestGapBetweenConnectionsWhileSilentMs",
                mine.stream()
                        .mapToLong(r -> (long) r.get("shortestGapWhileSilentMs"))
                        .filter(g -> g >= 0)
                        .min()
                        .orElse(-1));
        m.put(
                "errors326",
                mine.stream().mapToLong(r -> (long) r.get("errors326")).sum());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static double ratio(Map<String, Object> m, String baseline, String key) {
        double ours = (double) ((Map<String, Object>) m.get("safestart")).get(key);
        double theirs = (double) ((Map<String, Object>) m.get(baseline)).get(key);
        return BenchStats.round(ours <= 0 ? Double.NaN : theirs / ours);
    }

    private List<Map<String, Object>> run(List<Trial> plan, BenchServer bench) throws Exception {
        List<Map<String, Object>> results = Collections.synchronizedList(new ArrayList<>());
        long closedMs = closedSeconds * 1000L;
        BenchLanes.run(lanes, plan.size(), (l, run) -> {
            StartupClient startups = bench.startups();
            int i;
            while ((i = run.nextTrial()) >= 0) {
                // Each trial is a bot starting from nothing: its own simulator, engine and worker, so no engine
                // session or monitor watch of an earlier trial connects to this trial's gateway and is counted.
                try (BenchLane lane = bench.lane("ready" + i, SimMode.PORT_CLOSED, DEFAULTS)) {
                    Trial trial = plan.get(i);
                    StartupClient.Handle h =
                            startups.startOrAttach(lane.name(), lane.config().taskQueue(), null);
                    Instant started = bench.startTime(h);
                    AtomicReference<ModeChange> silent = new AtomicReference<>();
                    AtomicReference<ModeChange> ready = new AtomicReference<>();
                    AtomicReference<SimStatus.Counters> atReady = new AtomicReference<>();
                    long toSilent = Math.max(0, started.toEpochMilli() + closedMs - System.currentTimeMillis());
                    run.after(
                            toSilent,
                            () -> silent.set(lane.sim()
                                    .setMode(
                                            SimMode.API_NOT_READY,
                                            Map.of(ModeParams.QUEUED, Boolean.toString(trial.queued())))));
                    run.after(toSilent + trial.silentMs(), () -> {
                        atReady.set(lane.sim().counters());
                        ready.set(lane.sim().setMode(SimMode.READY, Map.of()));
                    });
                    StartupResult r = startups.await(h, Duration.ofMillis(100), Duration.ofMinutes(5), null);
                    BenchServer.requireValidated(r, "trial " + i);
                    WorkflowExecutionHistory history = bench.history(h);
                    Instant validated = BenchServer.validatedAt(history, h);
                    Instant detected = lastValidateAuthCompleted(history);
                    WorkflowExecutionHistory owner = bench.monitorHistory(lane.name());
                    bench.stopMonitor(lane.name());
                    Instant readyAt = ready.get().at();
                    long readyOffset = Duration.between(started, readyAt).toMillis();
                    long silentOffset =
                            Duration.between(started, silent.get().at()).toMillis();
                    double lag = Duration.between(readyAt, validated).toNanos() / 1e6;
                    SimStatus.Counters c = atReady.get();
                    double silentMinutes =
                            Duration.between(silent.get().at(), readyAt).toMillis() / 60_000.0;
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("trial", trial.n());
                    t.put("queued", trial.queued());
                    t.put("silentMs", trial.silentMs());
                    t.put("readyAfterMs", readyOffset);
                    t.put("safestartLagMs", BenchStats.round(lag));
                    t.put(
                            "detectionLagMs",
                            detected == null
                                    ? null
                                    : BenchStats.round(
                                            Duration.between(readyAt, detected).toNanos() / 1e6));
                    t.put(
                            "originalLoopLagMs",
                            modelLagMs(silentOffset, readyOffset, ORIGINAL_TIMEOUT_MS, trial.queued()));
                    t.put("remedyLagMs", modelLagMs(silentOffset, readyOffset, REMEDY_TIMEOUT_MS, trial.queued()));
                    t.put("attempts", r.attempts().size());
                    t.put("afterReady", afterReady(history, owner, readyAt));
                    if (verbose) {
                        t.put(
                                "attemptLog",
                                r.attempts().stream()
                                        .map(a -> (a.startedAtEpochMillis() - started.toEpochMilli()) + " ms "
                                                + a.step() + " " + a.state() + " " + a.detail())
                                        .toList());
                    }
                    t.put("peakOpen", c.peakOpen());
                    t.put("shortestGapWhileSilentMs", c.minSilentAcceptGapMs());
                    t.put(
                            "connectionsPerMinuteWhileSilent",
                            BenchStats.round(silentMinutes > 0 ? c.acceptedWhileSilent() / silentMinutes : 0));
                    t.put("errors326", lane.sim().counters().errors326() + 0L);
                    results.add(t);
                    if (verbose) {
                        env.err()
                                .printf(
                                        "trial %d (%s, %s): silent %d ms, lag %.1f ms, attempts %d, peak %d%n",
                                        i,
                                        lane.name(),
                                        trial.queued() ? "queued" : "wedged",
                                        trial.silentMs(),
                                        lag,
                                        r.attempts().size(),
                                        c.peakOpen());
                    }
                }
            }
        });
        List<Map<String, Object>> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Integer.compare((int) a.get("trial"), (int) b.get("trial")));
        return sorted;
    }

    /**
     * When the attempt that saw READY (the last validateAuth) completed in history; for validateAuth's quick look (a
     * local activity, recorded with the workflow task that goes on to VALIDATED) when its check ended, as its result
     * says.
     */
    private static Instant lastValidateAuthCompleted(WorkflowExecutionHistory history) {
        Map<Long, String> types = new HashMap<>();
        Instant last = null;
        for (HistoryEvent e : history.getEvents()) {
            if (e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
                    && "validateAuth".equals(StartupTimeline.markerStep(e.getMarkerRecordedEventAttributes()))) {
                Instant checked = checkedAt(e.getMarkerRecordedEventAttributes());
                if (checked != null) {
                    last = checked;
                }
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                types.put(
                        e.getEventId(),
                        e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                    && "validateAuth"
                            .equals(types.get(
                                    e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))) {
                last = StartupTimeline.toInstant(e.getEventTime());
            }
        }
        return last;
    }

    private static final Pattern CHECKED_AT = Pattern.compile("\"checkedAtEpochMillis\"\\s*:\\s*(\\d+)");

    /** A validateAuth marker's result: the worker's clock when the check ended ({@code GatewayCheck}). */
    private static Instant checkedAt(MarkerRecordedEventAttributes marker) {
        var result = marker.getDetailsMap().get("result");
        if (result == null || result.getPayloadsCount() == 0) {
            return null;
        }
        Matcher m = CHECKED_AT.matcher(result.getPayloads(0).getData().toStringUtf8());
        return m.find() ? Instant.ofEpochMilli(Long.parseLong(m.group(1))) : null;
    }

    /**
     * The steps after READY: the startup's (named by type, the last of each kind) and the owner's, in ms since READY.
     * Steps before READY (earlier attempts) are left out; durations ({@code .took}) are kept for the steps kept.
     */
    static Map<String, Double> afterReady(
            WorkflowExecutionHistory startup, WorkflowExecutionHistory owner, Instant readyAt) {
        Map<String, Double> all = new LinkedHashMap<>(StartupTimeline.of(startup, readyAt));
        if (owner != null) {
            all.putAll(StartupTimeline.owner(owner, readyAt));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        all.forEach((key, ms) -> {
            if (key.endsWith(".at") && ms >= 0) {
                String step = key.substring(0, key.length() - ".at".length());
                String kind = step.replaceAll("#\\d+$", "");
                out.put(kind + ".at", ms);
                Double took = all.get(step + ".took");
                if (took != null) {
                    out.put(kind + ".took", took);
                }
            }
        });
        return out;
    }
}
