package dev.safestart.engine;

import dev.safestart.tws.AccountLoader.WorkingOrder;
import dev.safestart.tws.AccountReport.Execution;
import dev.safestart.tws.AccountReport.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's view of the real account, refreshed from the gateway at initModules and after every re-validation.
 * The first load is the baseline; each later one is compared with what the engine last knew: fills it has not
 * seen (by execution id: "executions since the last known one"), positions that moved, and this client's working
 * orders that appeared or went away. Any such difference is reported (the caller raises a WARNING). Thread-safe.
 */
final class AccountSync {
    private final int clientId;
    private AccountSnapshot last;
    private final Set<String> knownExecIds = new LinkedHashSet<>();
    private String lastDifference = "";

    AccountSync(int clientId) {
        this.clientId = clientId;
    }

    /** Records the snapshot; returns the difference from what was known before (empty for the first load or none). */
    synchronized String refresh(AccountSnapshot now) {
        List<String> lines = new ArrayList<>();
        boolean baseline = last == null;
        List<Execution> unseen = new ArrayList<>();
        for (Execution e : now.executions()) {
            if (knownExecIds.add(e.execId()) && !baseline) {
                unseen.add(e);
            }
        }
        if (!baseline) {
            for (Execution e : unseen) {
                lines.add("fill not seen before: " + e.side() + " " + e.shares().toPlainString() + " "
                        + e.contract().symbol() + " @" + e.price() + " (order " + e.orderId() + ", client "
                        + e.clientId()
                        + ", " + e.account() + ", " + e.time() + ")");
            }
            Map<String, BigDecimal> before = byKey(last.positions());
            Map<String, BigDecimal> after = byKey(now.positions());
            Set<String> keys = new LinkedHashSet<>(before.keySet());
            keys.addAll(after.keySet());
            for (String k : keys) {
                BigDecimal b = before.getOrDefault(k, BigDecimal.ZERO);
                BigDecimal a = after.getOrDefault(k, BigDecimal.ZERO);
                if (b.compareTo(a) != 0) {
                    lines.add("position " + k + " " + b.toPlainString() + " -> " + a.toPlainString());
                }
            }
            Set<Long> ownBefore = own(last.openOrders());
            Set<Long> ownAfter = own(now.openOrders());
            for (Long id : ownBefore) {
                if (!ownAfter.contains(id)) {
                    lines.add("working order " + id + " no longer open");
                }
            }
            for (Long id : ownAfter) {
                if (!ownBefore.contains(id)) {
                    lines.add("working order " + id + " open at the gateway but not known before");
                }
            }
        }
        last = now;
        lastDifference =
                lines.isEmpty() ? "" : "account differs from what the engine expected: " + String.join("; ", lines);
        return lastDifference;
    }

    synchronized String lastDifference() {
        return lastDifference;
    }

    synchronized boolean loaded() {
        return last != null;
    }

    /** The gateway's positions per symbol (summed over accounts), whole shares. */
    synchronized Map<String, Integer> positionsBySymbol() {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (last != null) {
            for (Position p : last.positions()) {
                int q = p.quantity().setScale(0, RoundingMode.DOWN).intValueExact();
                out.merge(p.contract().symbol(), q, Integer::sum);
            }
            out.values().removeIf(q -> q == 0);
        }
        return out;
    }

    /** This client's working orders at the gateway (what Strategy C may cancel). */
    synchronized List<WorkingOrder> ownWorkingOrders() {
        return last == null
                ? List.of()
                : last.openOrders().stream()
                        .filter(w -> w.order().clientId() == clientId)
                        .toList();
    }

    synchronized int openOrders() {
        return last == null ? 0 : last.openOrders().size();
    }

    private Set<Long> own(List<WorkingOrder> orders) {
        Set<Long> ids = new LinkedHashSet<>();
        for (WorkingOrder w : orders) {
            if (w.order().clientId() == clientId) {
                ids.add(w.order().orderId());
            }
        }
        return ids;
    }

    private static Map<String, BigDecimal> byKey(List<Position> positions) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Position p : positions) {
            out.merge(p.account() + ":" + p.contract().symbol(), p.quantity(), BigDecimal::add);
        }
        return out;
    }
}
