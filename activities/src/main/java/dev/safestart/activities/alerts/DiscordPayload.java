package dev.safestart.activities.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertSeverity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook body for one alert: a short content line plus one embed, within Discord's limits, with
 * {@code allowed_mentions: {"parse": []}} so nothing in it can ping anyone.
 */
final class DiscordPayload {
    static final int CONTENT_MAX = 2000;
    static final int TITLE_MAX = 256;
    static final int DESCRIPTION_MAX = 4096;
    static final int FIELD_NAME_MAX = 256;
    static final int FIELD_VALUE_MAX = 1024;
    static final int FOOTER_MAX = 2048;
    static final int EMBED_TOTAL_MAX = 6000;
    /** Our own, tighter cap for a field value: they are short facts; the description carries the story. */
    private static final int OUR_FIELD_VALUE_MAX = 256;

    private static final int OUR_CONTENT_MAX = 300;

    private DiscordPayload() {}

    static int colour(AlertSeverity severity) {
        return switch (severity == null ? AlertSeverity.ERROR : severity) {
            case INFO -> 0x2ECC71; // green
            case WARNING -> 0xF1C40F; // amber
            case ERROR -> 0xE67E22; // orange
            case CRITICAL -> 0xE74C3C; // red
        };
    }

    /** The facts shown as embed fields and in the log line, in display order; absent facts are left out. */
    static Map<String, String> facts(Alert a) {
        Map<String, String> f = new LinkedHashMap<>();
        putIfPresent(f, "Bot", a.botId());
        putIfPresent(f, "Gateway", a.gateway());
        if (a.attempt() > 0) {
            f.put("Attempt", a.maxAttempts() > 0 ? a.attempt() + "/" + a.maxAttempts() : String.valueOf(a.attempt()));
        }
        if (a.elapsedSeconds() > 0 || a.attempt() > 0) {
            f.put("Elapsed", elapsed(a.elapsedSeconds()));
        }
        putIfPresent(f, "State", a.state());
        putIfPresent(f, "Workflow", a.workflowId());
        return f;
    }

    static String contentLine(Alert a) {
        String bot = a.botId() == null || a.botId().isBlank() ? "" : " " + a.botId() + ":";
        return "[" + severity(a) + "]" + bot + " " + nullToEmpty(a.title());
    }

    static ObjectNode build(ObjectMapper json, Alert a) {
        ObjectNode body = json.createObjectNode();
        // Our own markup (bold severity) stays; only the alert's texts are escaped.
        String bot = a.botId() == null || a.botId().isBlank() ? "" : " " + a.botId() + ":";
        String content = "**" + severity(a) + "**" + DiscordText.escape(bot + " " + nullToEmpty(a.title()), false);
        body.put("content", DiscordText.cut(content, Math.min(OUR_CONTENT_MAX, CONTENT_MAX)));
        body.put("username", "Safestart");
        body.putObject("allowed_mentions").putArray("parse");

        ObjectNode embed = body.putArray("embeds").addObject();
        String title = DiscordText.safe(severity(a) + " · " + nullToEmpty(a.title()), TITLE_MAX, false);
        embed.put("title", title);
        embed.put("color", colour(a.severity()));
        if (a.occurredAtEpochMillis() > 0) {
            embed.put(
                    "timestamp", Instant.ofEpochMilli(a.occurredAtEpochMillis()).toString());
        }
        int used = title.length();

        List<String[]> fields = new ArrayList<>();
        for (Map.Entry<String, String> fact : facts(a).entrySet()) {
            String name = DiscordText.safe(fact.getKey(), FIELD_NAME_MAX, false);
            String value = DiscordText.safe(fact.getValue(), Math.min(OUR_FIELD_VALUE_MAX, FIELD_VALUE_MAX), false);
            fields.add(new String[] {name, value.isEmpty() ? "-" : value});
            used += name.length() + Math.max(1, value.length());
        }
        String footer = a.alertId() == null ? "" : DiscordText.cut("alert " + a.alertId(), Math.min(FOOTER_MAX, 200));
        used += footer.length();

        // The description gets what is left of the 6,000-character embed budget (and at most 4,096).
        int room = Math.max(0, Math.min(DESCRIPTION_MAX, EMBED_TOTAL_MAX - used));
        String description = DiscordText.safe(a.description(), room, true);
        if (!description.isEmpty()) {
            embed.put("description", description);
        }
        ArrayNode fieldArray = embed.putArray("fields");
        for (String[] field : fields) {
            fieldArray.addObject().put("name", field[0]).put("value", field[1]).put("inline", true);
        }
        if (!footer.isEmpty()) {
            embed.putObject("footer").put("text", footer);
        }
        return body;
    }

    /** The same alert as plain text, for the log (no webhook configured, or a rejected one). Not escaped. */
    static String plainText(Alert a) {
        StringBuilder s = new StringBuilder(contentLine(a));
        if (a.description() != null && !a.description().isBlank()) {
            s.append(" — ").append(DiscordText.cut(a.description().replace('\n', ' '), DESCRIPTION_MAX));
        }
        facts(a).forEach((k, v) -> s.append(" | ").append(k).append(": ").append(DiscordText.cut(v, FIELD_VALUE_MAX)));
        if (a.alertId() != null) {
            s.append(" | alert ").append(a.alertId());
        }
        return s.toString();
    }

    static String elapsed(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    private static String severity(Alert a) {
        return a.severity() == null ? "ALERT" : a.severity().name();
    }

    private static void putIfPresent(Map<String, String> f, String name, String value) {
        if (value != null && !value.isBlank()) {
            f.put(name, value);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
