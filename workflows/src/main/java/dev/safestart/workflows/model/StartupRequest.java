package dev.safestart.workflows.model;

/**
 * A start request: the bot and, at most, narrowing overrides. The settings that reach the gateway and the engine
 * are the worker's own (its environment); {@code overrides} may only narrow them.
 *
 * @param settings  complete settings as older starters sent them (null from this version on); if present, they
 *                  are checked like overrides: every field must equal or narrow the worker's
 * @param overrides null or the narrowing asked for
 */
public record StartupRequest(String botId, StartupSettings settings, StartupOverrides overrides) {

    public StartupRequest(String botId, StartupSettings settings) {
        this(botId, settings, null);
    }

    /** The usual request: the bot only, the worker's settings as they are. */
    public static StartupRequest forBot(String botId) {
        return new StartupRequest(botId, null, null);
    }

    public static StartupRequest forBot(String botId, StartupOverrides overrides) {
        return new StartupRequest(botId, null, overrides);
    }
}
