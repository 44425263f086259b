package dev.safestart.localrun;

import dev.safestart.worker.Setting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The configuration (as environment variables) of a bot wired to local parts: simulator, embedded Temporal. */
public final class LocalSettings {
    private LocalSettings() {}

    public static Map<String, String> env(
            String botId, int gatewayPort, Path gameplan, EmbeddedTemporal temporal, String taskQueue, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.BOT_ID.name(), botId);
        env.put(Setting.GATEWAY_HOST.name(), "127.0.0.1");
        env.put(Setting.GATEWAY_PORT.name(), String.valueOf(gatewayPort));
        env.put(Setting.GAMEPLAN_PATH.name(), gameplan.toString());
        env.put(Setting.TEMPORAL_ADDRESS.name(), temporal.address());
        env.put(Setting.TEMPORAL_NAMESPACE.name(), temporal.namespace());
        env.put(Setting.TASK_QUEUE.name(), taskQueue);
        env.put(Setting.SAFESTART_STATE_DIR.name(), stateDir.toString());
        env.put(Setting.DRY_RUN.name(), "true");
        return env;
    }

    /**
     * Today's gameplan (strategy A, SPY) in the market's time zone, as the gameplan schema in ARCHITECTURE.md has it.
     */
    public static String todaysGameplan(java.time.ZoneId marketZone) {
        String today = java.time.LocalDate.now(marketZone).toString();
        return "{\"date\":\"" + today + "\",\"strategy\":\"A\",\"symbols\":[\"SPY\"],"
                + "\"hard_limits\":{\"max_daily_loss_pct\":0.10,\"max_single_position\":120}}\n";
    }

    /** Writes {@link #todaysGameplan} to {@code file} and returns it. */
    public static java.nio.file.Path writeTodaysGameplan(java.nio.file.Path file, java.time.ZoneId marketZone)
            throws java.io.IOException {
        return java.nio.file.Files.writeString(
                file, todaysGameplan(marketZone), java.nio.charset.StandardCharsets.UTF_8);
    }
}
