package dev.safestart.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A story told in modes: {@code {"name":"classic-startup","steps":[{"mode":"PORT_CLOSED","seconds":3}, …,
 * {"mode":"READY"}]}}. Every step but the last needs a duration; a step may carry the mode's parameters
 * ({@code "params":{"delayMs":"2000"}}). Validated on load, with messages that name the step and field.
 */
public record Scenario(String name, List<Step> steps) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The scenario the CLI's {@code --scenario classic} and the demo use. */
    public static final String CLASSIC = "classic-startup";

    /**
     * One mode held for {@code duration}; a null duration (last step only) holds it until the scenario is cancelled.
     */
    public record Step(SimMode mode, Map<String, String> params, Duration duration, JsonNode account) {
        /** A step that sets only a mode. */
        public Step(SimMode mode, Map<String, String> params, Duration duration) {
            this(mode, params, duration, null);
        }

        public Step {
            if (mode == null) {
                throw new IllegalArgumentException("a step needs a mode");
            }
            params = ModeParams.validate(mode, params);
            if (duration != null && duration.isNegative()) {
                throw new IllegalArgumentException("a step's duration must not be negative");
            }
        }
    }

    public Scenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("scenario needs a non-blank name");
        }
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("scenario '" + name + "' has no steps");
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).duration() == null) {
                throw new IllegalArgumentException("scenario '" + name + "': step " + (i + 1) + " ("
                        + steps.get(i).mode()
                        + ") needs \"seconds\"; only the last step may hold its mode indefinitely");
            }
        }
    }

    /** Total time until the last step starts. */
    public Duration timeToLastStep() {
        return steps.subList(0, steps.size() - 1).stream().map(Step::duration).reduce(Duration.ZERO, Duration::plus);
    }

    public static Scenario fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("scenario is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scenario must be a JSON object with \"name\" and \"steps\"");
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("scenario needs a text \"name\"");
        }
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray()) {
            throw new IllegalArgumentException("scenario '" + name.asText() + "' needs a \"steps\" array");
        }
        List<Step> parsed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            parsed.add(step(name.asText(), i + 1, steps.get(i)));
        }
        return new Scenario(name.asText(), parsed);
    }

    private static Step step(String scenario, int number, JsonNode node) {
        String where = "scenario '" + scenario + "' step " + number;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        JsonNode mode = node.get("mode");
        if (mode == null || !mode.isTextual()) {
            throw new IllegalArgumentException(where + ": needs a text \"mode\"");
        }
        Duration duration = null;
        JsonNode seconds = node.get("seconds");
        if (seconds != null && !seconds.isNull()) {
            if (!seconds.isNumber() || seconds.asDouble() < 0 || seconds.asDouble() > 86_400) {
                throw new IllegalArgumentException(
                        where + ": \"seconds\" must be a number in 0..86400, got " + seconds);
            }
            duration = Duration.ofMillis(Math.round(seconds.asDouble() * 1000));
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = node.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IllegalArgumentException(where + ": \"params\" must be an object");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = p.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                params.put(f.getKey(), f.getValue().asText());
            }
        }
        try {
            JsonNode account = node.get("account");
            if (account != null && !account.isNull() && !account.isObject()) {
                throw new IllegalArgumentException("\"account\" must be an object");
            }
            return new Step(
                    SimMode.parse(mode.asText()),
                    params,
                    duration,
                    account == null || account.isNull() ? null : account);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    public static Scenario load(Path file) throws IOException {
        if (Files.size(file) > 1 << 20) {
            throw new IllegalArgumentException("scenario file " + file + " is larger than 1 MiB");
        }
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * A scenario shipped on the classpath under {@code /scenarios/<name>.json} ("classic" is short for
     * classic-startup).
     */
    public static Scenario builtIn(String name) {
        String resolved = "classic".equals(name) ? CLASSIC : name;
        try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + resolved + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "no built-in scenario '" + name + "' (known: classic, " + CLASSIC + ", real-login)");
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in scenario " + resolved, e);
        }
    }

    /** A file path when such a file exists, else a built-in name. */
    public static Scenario resolve(String fileOrName) throws IOException {
        Path path = Path.of(fileOrName);
        return Files.isRegularFile(path) ? load(path) : builtIn(fileOrName);
    }
}
