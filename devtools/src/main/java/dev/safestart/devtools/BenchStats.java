package dev.safestart.devtools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary every benchmark prints: nearest-rank percentiles over milliseconds, rounded to microseconds. */
final class BenchStats {
    private BenchStats() {}

    /** Nearest-rank percentile; {@code values} need not be sorted. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** n, p50, p99, min, max and mean of a sample in milliseconds, in that order for the JSON. */
    static Map<String, Object> stats(List<Double> millis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", millis.size());
        m.put("p50Ms", round(percentile(millis, 50)));
        m.put("p99Ms", round(percentile(millis, 99)));
        m.put("minMs", round(Collections.min(millis)));
        m.put("maxMs", round(Collections.max(millis)));
        m.put(
                "meanMs",
                round(millis.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return m;
    }

    static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}
