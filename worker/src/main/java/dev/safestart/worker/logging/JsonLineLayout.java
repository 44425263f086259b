package dev.safestart.worker.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One JSON object per log line, with {@code botId} and {@code workflowId} on every line (null when not known).
 *
 * <p>Temporal's SDK puts {@code WorkflowId}, {@code RunId}, {@code WorkflowType}, {@code ActivityType} … into the
 * MDC of workflow and activity threads; they come out as {@code workflowId}, {@code runId}, … here. The bot id
 * comes from the MDC key {@code botId}, else from the workflow id ({@code startup-<bot>}, {@code monitor-<bot>}),
 * else from the logger context property {@code botId} that the worker sets at start (SDK threads do not inherit
 * the main thread's MDC). Discord webhook paths are masked as a last line of defence: secrets never reach a log.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

    /** Logger-context property holding the process's bot id. */
    public static final String BOT_ID_PROPERTY = "botId";

    private static final Pattern WEBHOOK = Pattern.compile("(?i)(/api/webhooks/)[^\\s\"'<>]+");
    private static final Map<String, String> TEMPORAL_MDC = Map.of(
            "WorkflowId", "workflowId",
            "RunId", "runId",
            "WorkflowType", "workflowType",
            "ActivityType", "activityType",
            "ActivityId", "activityId",
            "Attempt", "attempt",
            "TaskQueue", "taskQueue",
            "Namespace", "namespace");

    @Override
    public String doLayout(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        String workflowId = first(mdc.get("workflowId"), mdc.get("WorkflowId"));
        String botId = first(mdc.get(BOT_ID_PROPERTY), botFromWorkflowId(workflowId), contextBotId(event));

        StringBuilder out = new StringBuilder(256);
        out.append('{');
        field(out, "ts", Instant.ofEpochMilli(event.getTimeStamp()).toString(), true);
        field(out, "level", event.getLevel().toString(), false);
        field(out, "botId", botId, false);
        field(out, "workflowId", workflowId, false);
        field(out, "logger", event.getLoggerName(), false);
        field(out, "thread", event.getThreadName(), false);
        field(out, "msg", redact(event.getFormattedMessage()), false);
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            String key = e.getKey();
            if (key.equals(BOT_ID_PROPERTY) || key.equals("workflowId") || key.equals("WorkflowId")) {
                continue;
            }
            field(out, TEMPORAL_MDC.getOrDefault(key, key), redact(e.getValue()), false);
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            field(out, "error", redact(ThrowableProxyUtil.asString(error)), false);
        }
        out.append('}').append(CoreConstants.LINE_SEPARATOR);
        return out.toString();
    }

    /** Masks what follows a webhook path, e.g. {@code https://discord.com/api/webhooks/***}. */
    public static String redact(String text) {
        return text == null ? null : WEBHOOK.matcher(text).replaceAll("$1***");
    }

    static String botFromWorkflowId(String workflowId) {
        if (workflowId == null) {
            return null;
        }
        for (String prefix : new String[] {"startup-", "monitor-"}) {
            if (workflowId.startsWith(prefix) && workflowId.length() > prefix.length()) {
                return workflowId.substring(prefix.length());
            }
        }
        return null;
    }

    private static String contextBotId(ILoggingEvent event) {
        return event.getLoggerContextVO() == null
                ? null
                : event.getLoggerContextVO().getPropertyMap().get(BOT_ID_PROPERTY);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static void field(StringBuilder out, String name, String value, boolean firstField) {
        if (!firstField) {
            out.append(',');
        }
        quote(out, name);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else {
            quote(out, value);
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
