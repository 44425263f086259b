package dev.safestart.cli.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The configuration (as environment variables) of a bot wired to local parts: simulator, embedded Temporal. */
public final class LocalSettings {
    private LocalSettings() {}

    public static Map<String, String> env(
            String botId, int gatewayPort, Path gameplan, EmbeddedTemporal temporal, String taskQueue, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("BOT_ID", botId);
        env.put("GATEWAY_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", String.valueOf(gatewayPort));
        env.put("GAMEPLAN_PATH", gameplan.toString());
        env.put("TEMPORAL_ADDRESS", temporal.address());
        env.put("TEMPORAL_NAMESPACE", temporal.namespace());
        env.put("TASK_QUEUE", taskQueue);
        env.put("SAFESTART_STATE_DIR", stateDir.toString());
        env.put("DRY_RUN", "true");
        return env;
    }

    /** Today's gameplan (strategy A, SPY) in the market's time zone, as the gameplan schema in ARCHITECTURE.md has it. */
    public static String todaysGameplan(java.time.ZoneId marketZone) {
        String today = java.time.LocalDate.now(marketZone).toString();
        return "{\"date\":\"" + today + "\",\"strategy\":\"A\",\"symbols\":[\"SPY\"],"
                + "\"hard_limits\":{\"max_daily_loss_pct\":0.10,\"max_single_position\":120}}\n";
    }
}
