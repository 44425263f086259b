package dev.safestart.workflows.alerts;

import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides which observations become alerts: a change of state alerts once, a repeated state does not, and a
 * key that flaps (at least {@code flapThreshold} changes within {@code window}) stops alerting per change and
 * folds its changes into one digest per window ("gateway: DISCONNECTED 7 times, CONNECTED 6 times in 10 min;
 * now CONNECTED").
 *
 * <p>Deterministic and pure: time is passed in (use {@code Workflow.currentTimeMillis()}), no clock, no I/O, no
 * randomness, so it is safe in workflow code. Its whole memory is {@link #snapshot()}, a plain record that
 * Temporal's JSON converter carries across continue-as-new: {@code new AlertPolicy(settings, snapshot)}.
 *
 * <pre>{@code
 * Decision d = policy.onEvent("gateway", "DISCONNECTED", Workflow.currentTimeMillis());
 * if (d.action() == Action.SEND) sendSafely(alerts, myAlertFor(d));
 * // on a timer at policy.nextDigestDue() (or any wake-up):
 * for (Digest g : policy.flushDigests(now)) {
 *     sendSafely(alerts, g.toAlert(AlertSeverity.CRITICAL, botId, gateway, workflowId, what-to-do));
 * }
 * }</pre>
 */
public final class AlertPolicy {

    /** Flapping = {@code flapThreshold} or more changes of one key within {@code window}. */
    public record Settings(Duration window, int flapThreshold, int maxChangesKept) {
        public Settings {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("alert flap window must be positive, was " + window);
            }
            if (flapThreshold < 2) {
                throw new IllegalArgumentException("alert flap threshold must be ≥ 2 changes, was " + flapThreshold);
            }
            if (maxChangesKept < flapThreshold) {
                throw new IllegalArgumentException("maxChangesKept must be ≥ flapThreshold");
            }
        }

        /** 3 changes in 10 minutes: down, up, down again → the next ones are folded. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(10), 3, 1_000);
        }
    }

    public enum Action {
        /** A change: alert now. */
        SEND,
        /** Same state as before: nothing to say. */
        SUPPRESS,
        /** A change while flapping: counted into the key's digest, which {@link #flushDigests} returns when due. */
        FOLD
    }

    /** What to do with one observation; {@code previousState} is null for a key's first one. */
    public record Decision(Action action, String key, String state, String previousState, int changesInWindow) {
        public boolean send() {
            return action == Action.SEND;
        }
    }

    /** One change of one key. */
    public record Change(long atMillis, String state) {}

    /** A digest being collected: changes since {@code sinceMillis}, due at {@code dueMillis}. */
    public record PendingDigest(
            long sinceMillis, long dueMillis, TreeMap<String, Integer> counts, int changes, int folded) {}

    /**
     * Everything the policy remembers about one key; changes at or before {@code reportedUntilMillis} were
     * already counted in a flushed digest and are not counted again.
     */
    public record KeyState(String lastState, List<Change> recent, PendingDigest digest, long reportedUntilMillis) {}

    /** The policy's whole memory: serializable, carried across continue-as-new. */
    public record State(TreeMap<String, KeyState> keys) {
        public static State empty() {
            return new State(new TreeMap<>());
        }
    }

    /** A closed digest: what happened to {@code key} from {@code sinceMillis} to {@code untilMillis}. */
    public record Digest(
            String key,
            long sinceMillis,
            long untilMillis,
            TreeMap<String, Integer> counts,
            int changes,
            int folded,
            String lastState) {

        /** e.g. "gateway: DISCONNECTED 7 times, CONNECTED 6 times in 10 min; now CONNECTED". */
        public String summary() {
            StringBuilder s = new StringBuilder(key).append(": ");
            List<String> parts = new ArrayList<>();
            counts.forEach((state, n) -> parts.add(state + " " + n + (n == 1 ? " time" : " times")));
            s.append(String.join(", ", parts)).append(" in ").append(span(untilMillis - sinceMillis));
            return s.append("; now ").append(lastState).toString();
        }

        /**
         * The digest as one alert. Its id ({@code <workflowId>/digest/<key>/<sinceMillis>}) is stable, so a
         * replayed or retried send is recognised.
         */
        public Alert toAlert(AlertSeverity severity, String botId, String gateway, String workflowId, String whatToDo) {
            String title = key + " is flapping: " + changes + " changes in " + span(untilMillis - sinceMillis);
            String description = summary() + "." + (whatToDo == null || whatToDo.isBlank() ? "" : "\n" + whatToDo)
                    + "\n(" + folded + " alerts folded into this digest.)";
            return new Alert(
                    workflowId + "/digest/" + key + "/" + sinceMillis,
                    severity,
                    title,
                    description,
                    botId,
                    gateway,
                    0,
                    0,
                    Math.max(0, (untilMillis - sinceMillis) / 1000),
                    lastState,
                    workflowId,
                    untilMillis);
        }
    }

    private final Settings settings;
    private final TreeMap<String, KeyState> keys;

    public AlertPolicy(Settings settings) {
        this(settings, State.empty());
    }

    public AlertPolicy(Settings settings, State state) {
        this.settings = settings;
        this.keys = new TreeMap<>(state == null || state.keys() == null ? Map.of() : state.keys());
    }

    /** Records a key's known state without alerting: e.g. the monitor starts from a VALIDATED, connected gateway. */
    public void baseline(String key, String state, long nowMillis) {
        KeyState ks = keys.get(key);
        keys.put(
                key,
                new KeyState(
                        state,
                        ks == null ? List.of() : ks.recent(),
                        ks == null ? null : ks.digest(),
                        ks == null ? Long.MIN_VALUE : ks.reportedUntilMillis()));
    }

    /** Classifies one observation of {@code key} at {@code nowMillis}. */
    public Decision onEvent(String key, String state, long nowMillis) {
        if (key == null || state == null) {
            throw new IllegalArgumentException("alert policy needs a key and a state");
        }
        KeyState ks = keys.get(key);
        String previous = ks == null ? null : ks.lastState();
        List<Change> recent = prune(ks == null ? List.of() : ks.recent(), nowMillis);
        PendingDigest digest = ks == null ? null : ks.digest();
        long reported = ks == null ? Long.MIN_VALUE : ks.reportedUntilMillis();

        if (state.equals(previous)) {
            keys.put(key, new KeyState(previous, recent, digest, reported));
            return new Decision(Action.SUPPRESS, key, state, previous, recent.size());
        }
        List<Change> withThis = new ArrayList<>(recent);
        withThis.add(new Change(nowMillis, state));
        if (withThis.size() > settings.maxChangesKept()) {
            withThis = new ArrayList<>(withThis.subList(withThis.size() - settings.maxChangesKept(), withThis.size()));
        }
        if (digest != null) {
            TreeMap<String, Integer> counts = new TreeMap<>(digest.counts());
            counts.merge(state, 1, Integer::sum);
            digest = new PendingDigest(
                    digest.sinceMillis(), digest.dueMillis(), counts, digest.changes() + 1, digest.folded() + 1);
            keys.put(key, new KeyState(state, List.copyOf(withThis), digest, reported));
            return new Decision(Action.FOLD, key, state, previous, withThis.size());
        }
        if (previous != null && withThis.size() >= settings.flapThreshold()) {
            // Flapping: open a digest that counts every change in the window (the ones already sent too,
            // so its total is honest) and is due one window from now.
            List<Change> unreported =
                    withThis.stream().filter(c -> c.atMillis() > reported).toList();
            if (unreported.isEmpty()) { // same millisecond as the last digest's end
                unreported = List.of(new Change(nowMillis, state));
            }
            TreeMap<String, Integer> counts = new TreeMap<>();
            unreported.forEach(c -> counts.merge(c.state(), 1, Integer::sum));
            digest = new PendingDigest(
                    unreported.get(0).atMillis(),
                    nowMillis + settings.window().toMillis(),
                    counts,
                    unreported.size(),
                    1);
            keys.put(key, new KeyState(state, List.copyOf(withThis), digest, reported));
            return new Decision(Action.FOLD, key, state, previous, withThis.size());
        }
        keys.put(key, new KeyState(state, List.copyOf(withThis), null, reported));
        return new Decision(Action.SEND, key, state, previous, withThis.size());
    }

    /** Closes and returns every digest due at {@code nowMillis} (key order). Send each as one alert. */
    public List<Digest> flushDigests(long nowMillis) {
        List<Digest> due = new ArrayList<>();
        for (Map.Entry<String, KeyState> e : keys.entrySet()) {
            KeyState ks = e.getValue();
            PendingDigest d = ks.digest();
            if (d != null && nowMillis >= d.dueMillis()) {
                Change last = ks.recent().isEmpty()
                        ? null
                        : ks.recent().get(ks.recent().size() - 1);
                long until = last == null ? d.sinceMillis() : Math.max(d.sinceMillis(), last.atMillis());
                due.add(new Digest(
                        e.getKey(),
                        d.sinceMillis(),
                        until,
                        new TreeMap<>(d.counts()),
                        d.changes(),
                        d.folded(),
                        ks.lastState()));
                e.setValue(new KeyState(ks.lastState(), prune(ks.recent(), nowMillis), null, until));
            }
        }
        return due;
    }

    /** The first due digest in key order, if any: the single-digest form of {@link #flushDigests}. */
    public Optional<Digest> flushDigest(long nowMillis) {
        for (Map.Entry<String, KeyState> e : keys.entrySet()) {
            PendingDigest d = e.getValue().digest();
            if (d != null && nowMillis >= d.dueMillis()) {
                TreeMap<String, KeyState> only = new TreeMap<>(Map.of(e.getKey(), e.getValue()));
                AlertPolicy single = new AlertPolicy(settings, new State(only));
                Digest digest = single.flushDigests(nowMillis).get(0);
                keys.put(e.getKey(), single.keys.get(e.getKey()));
                return Optional.of(digest);
            }
        }
        return Optional.empty();
    }

    /** When the earliest pending digest falls due (for a workflow timer), if any is pending. */
    public Optional<Long> nextDigestDue() {
        return keys.values().stream()
                .map(KeyState::digest)
                .filter(d -> d != null)
                .map(PendingDigest::dueMillis)
                .min(Long::compare);
    }

    /** The key's last known state, if it has been seen. */
    public Optional<String> lastState(String key) {
        KeyState ks = keys.get(key);
        return ks == null ? Optional.empty() : Optional.ofNullable(ks.lastState());
    }

    /** The whole memory, to carry across continue-as-new. */
    public State snapshot() {
        return new State(new TreeMap<>(keys));
    }

    public Settings settings() {
        return settings;
    }

    private List<Change> prune(List<Change> recent, long nowMillis) {
        long from = nowMillis - settings.window().toMillis();
        List<Change> kept = new ArrayList<>();
        for (Change c : recent) {
            if (c.atMillis() > from) {
                kept.add(c);
            }
        }
        return List.copyOf(kept);
    }

    static String span(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 120 ? minutes + " min" : (minutes / 60) + " h " + (minutes % 60) + " min";
    }
}
