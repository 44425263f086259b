package dev.safestart.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates and normalizes the parameters of a mode (the control API's query string). Every mode accepts
 * only its own parameters; anything else is refused with a message naming the parameter and what is accepted.
 * The normalized map always carries the defaults, so {@code status()} shows what is in force.
 */
public final class ModeParams {
    public static final String DELAY_MS = "delayMs";
    public static final String VARIANT = "variant";
    public static final String CLIENT_ID = "clientId";
    public static final String DATA_LOST = "dataLost";
    public static final String SECONDS = "seconds";
    public static final String NOTICE = "notice";
    /** API_NOT_READY: sockets accepted while silent get the handshake once the mode turns ready (else never). */
    public static final String QUEUED = "queued";

    public static final String VARIANT_ERROR_326 = "error326";
    public static final String VARIANT_CLOSE_ONLY = "closeOnly";
    public static final List<String> CLIENT_ID_VARIANTS = List.of(VARIANT_ERROR_326, VARIANT_CLOSE_ONLY);
    public static final List<String> GARBAGE_VARIANTS =
            List.of("badLength", "oversized", "truncated", "nonNumericVersion", "nonNumericNextId");

    private ModeParams() {}

    public static Map<String, String> validate(SimMode mode, Map<String, String> raw) {
        Map<String, String> given = new TreeMap<>(raw == null ? Map.of() : raw);
        Map<String, String> out = new TreeMap<>();
        switch (mode) {
            case SLOW_HANDSHAKE ->
                out.put(DELAY_MS, Integer.toString(intParam(mode, given, DELAY_MS, 2000, 0, 600_000)));
            case CLIENT_ID_IN_USE -> {
                out.put(VARIANT, choice(mode, given, VARIANT, VARIANT_ERROR_326, CLIENT_ID_VARIANTS));
                if (given.containsKey(CLIENT_ID)) {
                    out.put(
                            CLIENT_ID,
                            Integer.toString(
                                    intParam(mode, given, CLIENT_ID, 0, Integer.MIN_VALUE, Integer.MAX_VALUE)));
                }
            }
            case RESTORED -> out.put(DATA_LOST, bool(mode, given, DATA_LOST, false));
            case API_NOT_READY -> out.put(QUEUED, bool(mode, given, QUEUED, false));
            case RESTART -> {
                out.put(SECONDS, Integer.toString(intParam(mode, given, SECONDS, 5, 0, 3600)));
                out.put(NOTICE, bool(mode, given, NOTICE, false));
            }
            case GARBAGE -> out.put(VARIANT, choice(mode, given, VARIANT, GARBAGE_VARIANTS.get(0), GARBAGE_VARIANTS));
            default -> {}
        }
        given.keySet()
                .removeAll(List.of(DELAY_MS, VARIANT, CLIENT_ID, DATA_LOST, SECONDS, NOTICE, QUEUED).stream()
                        .filter(k -> accepts(mode, k))
                        .toList());
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(
                    "mode " + mode + " does not take parameter(s) " + given.keySet() + "; accepted: " + accepted(mode));
        }
        return Map.copyOf(out);
    }

    private static boolean accepts(SimMode mode, String key) {
        return accepted(mode).contains(key);
    }

    static List<String> accepted(SimMode mode) {
        return switch (mode) {
            case SLOW_HANDSHAKE -> List.of(DELAY_MS);
            case CLIENT_ID_IN_USE -> List.of(VARIANT, CLIENT_ID);
            case RESTORED -> List.of(DATA_LOST);
            case API_NOT_READY -> List.of(QUEUED);
            case RESTART -> List.of(SECONDS, NOTICE);
            case GARBAGE -> List.of(VARIANT);
            default -> List.of();
        };
    }

    private static int intParam(SimMode mode, Map<String, String> given, String key, int dflt, int min, int max) {
        String value = given.get(key);
        if (value == null) {
            return dflt;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "mode " + mode + ": " + key + "='" + value + "' is not an integer in " + min + ".." + max);
        }
    }

    private static String bool(SimMode mode, Map<String, String> given, String key, boolean dflt) {
        String value = given.get(key);
        if (value == null) {
            return Boolean.toString(dflt);
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return value.toLowerCase();
        }
        throw new IllegalArgumentException("mode " + mode + ": " + key + "='" + value + "' must be true or false");
    }

    private static String choice(
            SimMode mode, Map<String, String> given, String key, String dflt, List<String> allowed) {
        String value = given.get(key);
        if (value == null) {
            return dflt;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value.trim())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("mode " + mode + ": " + key + "='" + value + "' is not one of " + allowed);
    }
}
