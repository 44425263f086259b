package dev.safestart.sim;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's advertised version range from its first framed message: {@code v<min>..<max>} or {@code v<n>},
 * optionally followed by a space and connect options (e.g. {@code +PACEAPI}).
 */
public record VersionRange(int min, int max, String options) {
    private static final Pattern FORMAT = Pattern.compile("v(\\d{1,6})(?:\\.\\.(\\d{1,6}))?(?: (.*))?", Pattern.DOTALL);

    public static VersionRange parse(byte[] payload) {
        String text = new String(payload, StandardCharsets.ISO_8859_1);
        // Some clients NUL-terminate the version text; tolerate one trailing NUL.
        if (text.endsWith("\0")) {
            text = text.substring(0, text.length() - 1);
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version range: '" + abbreviate(text) + "'");
        }
        int min = Integer.parseInt(m.group(1));
        int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
        if (max < min) {
            throw new IllegalArgumentException("version range v" + min + ".." + max + " is empty");
        }
        return new VersionRange(min, max, m.group(3) == null ? "" : m.group(3));
    }

    /** The highest version both sides speak, or -1 when the ranges do not meet. */
    public int negotiate(int serverMin, int serverMax) {
        int best = Math.min(max, serverMax);
        return best >= Math.max(min, serverMin) ? best : -1;
    }

    private static String abbreviate(String text) {
        String printable = text.replace('\0', '·');
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
