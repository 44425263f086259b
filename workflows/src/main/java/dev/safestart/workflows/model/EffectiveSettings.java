package dev.safestart.workflows.model;

import java.util.List;

/**
 * The settings a startup actually runs with, as the worker resolved them from its own configuration and the
 * request's narrowing overrides. In history as the result of {@code resolveSettings}: audit, never a secret.
 *
 * @param narrowed one line per setting the request narrowed, e.g. {@code DRY_RUN=true (worker: false)}
 */
public record EffectiveSettings(String botId, StartupSettings settings, List<String> narrowed) {}
