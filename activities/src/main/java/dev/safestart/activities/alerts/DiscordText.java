package dev.safestart.activities.alerts;

import java.util.regex.Pattern;

/**
 * Makes untrusted text (error messages from a gateway, file names, anything an alert quotes) safe to show in
 * Discord: no mention that could ping, no markdown that could hide a link or break the layout, no control
 * characters, and cut to a limit without splitting a surrogate pair.
 *
 * <p>Pings are already prevented by {@code allowed_mentions: {"parse": []}} in the payload; neutralising the
 * text as well keeps {@code @everyone} from even looking like a mention, and keeps working if a future edit
 * drops that field.
 */
final class DiscordText {
    static final String ELLIPSIS = "…";
    private static final char ZWSP = '\u200B';
    private static final Pattern MENTION = Pattern.compile("@(everyone|here)|<(@[!&]?|#)(\\d+)>");
    /** Inline markdown anywhere (bold, italics, strike, code, spoilers, masked links). */
    private static final Pattern INLINE_MARKDOWN = Pattern.compile("([\\\\*_~`|\\[\\]])");
    /** Block markdown only bites at the start of a line (headings, quotes, lists). */
    private static final Pattern LINE_START_MARKDOWN = Pattern.compile("(?m)^([ \\t]*)([#>-])");

    private DiscordText() {}

    /** Escaped, neutralised and cut to {@code limit} UTF-16 units (Discord's limits are ≤ that count). */
    static String safe(String text, int limit, boolean multiline) {
        return cut(escape(text, multiline), limit);
    }

    static String escape(String text, boolean multiline) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' && multiline) {
                clean.append('\n');
            } else if (cp == '\r') {
                // dropped: \r\n becomes \n
            } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x202e || cp == 0x202d) {
                clean.append(' '); // control and bidi-override characters could disguise the text
            } else {
                clean.appendCodePoint(cp);
            }
        });
        String noMentions = MENTION.matcher(clean)
                .replaceAll(m -> m.group(1) != null
                        ? "@" + ZWSP + m.group(1)
                        : "<" + ZWSP + escapeReplacement(m.group(2)) + m.group(3) + ">");
        String inline = INLINE_MARKDOWN.matcher(noMentions).replaceAll("\\\\$1");
        return LINE_START_MARKDOWN.matcher(inline).replaceAll("$1\\\\$2");
    }

    /**
     * Cuts to at most {@code limit} UTF-16 units, ending with "…" when cut; never leaves half a surrogate pair
     * or a dangling escape backslash.
     */
    static String cut(String text, int limit) {
        if (text == null) {
            return "";
        }
        if (text.length() <= limit) {
            return text;
        }
        if (limit <= ELLIPSIS.length()) {
            return ELLIPSIS.substring(0, Math.max(0, limit));
        }
        int end = limit - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        // An odd run of trailing backslashes means we cut an escape in half: drop its backslash.
        int backslashes = 0;
        while (end - backslashes > 0 && text.charAt(end - backslashes - 1) == '\\') {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    private static String escapeReplacement(String s) {
        return s.replace("\\", "\\\\").replace("$", "\\$");
    }
}
