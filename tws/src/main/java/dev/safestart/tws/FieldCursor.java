package dev.safestart.tws;

import java.math.BigDecimal;

/**
 * Reads a classic-protocol message field after field. Every read checks that the field exists and parses, so a
 * short or garbled message becomes a {@link TwsProtocolException}, never an unchecked exception.
 */
public final class FieldCursor {
    /** The official clients' "unset" sentinels, as they appear on the wire. */
    public static final String UNSET_INTEGER = "2147483647";

    public static final String UNSET_LONG = "9223372036854775807";
    public static final String UNSET_DOUBLE = "1.7976931348623157e+308";
    /** Repeated groups (combo legs, tag/value lists) larger than this are refused, whatever the frame holds. */
    static final int MAX_COUNT = 10_000;

    private final Message message;
    private int next;

    public FieldCursor(Message message, int first) {
        this.message = message;
        this.next = first;
    }

    public int position() {
        return next;
    }

    public int remaining() {
        return Math.max(0, message.size() - next);
    }

    public String text() throws TwsProtocolException {
        return message.text(next++);
    }

    public void skip(int count) throws TwsProtocolException {
        for (int i = 0; i < count; i++) {
            text();
        }
    }

    /** An int field; empty reads as 0 (as the official clients do for plain int fields). */
    public int intValue() throws TwsProtocolException {
        int index = next;
        String value = text().trim();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(index, "an integer", value);
        }
    }

    /** A long field (order and perm ids); empty reads as 0. */
    public long longValue() throws TwsProtocolException {
        int index = next;
        String value = text().trim();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad(index, "an integer", value);
        }
    }

    public boolean bool() throws TwsProtocolException {
        return intValue() != 0;
    }

    /** A double field; empty or the unset sentinel reads as null, "Infinity" as infinity. */
    public Double optionalDouble() throws TwsProtocolException {
        int index = next;
        String value = text().trim();
        if (value.isEmpty() || value.equals(UNSET_DOUBLE)) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            return parsed == Double.MAX_VALUE ? null : parsed;
        } catch (NumberFormatException e) {
            throw bad(index, "a number", value);
        }
    }

    /** A double field where empty means 0. */
    public double doubleValue() throws TwsProtocolException {
        Double value = optionalDouble();
        return value == null ? 0.0 : value;
    }

    /** A decimal quantity; empty or an unset sentinel reads as null. */
    public BigDecimal decimal() throws TwsProtocolException {
        int index = next;
        String value = text().trim();
        if (value.isEmpty()
                || value.equals(UNSET_INTEGER)
                || value.equals(UNSET_LONG)
                || value.equalsIgnoreCase("1.7976931348623157E308")
                || value.equals("-9223372036854775808")) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw bad(index, "a decimal", value);
        }
    }

    /** A group count: 0..{@link #MAX_COUNT} and no more than {@code fieldsPerItem} times the fields left. */
    public int count(int fieldsPerItem) throws TwsProtocolException {
        int index = next;
        int count = intValue();
        if (count < 0 || count > MAX_COUNT || (long) count * fieldsPerItem > remaining()) {
            throw new TwsProtocolException("field " + index + ": count " + count + " does not fit the message ("
                    + remaining() + " fields left)");
        }
        return count;
    }

    private static TwsProtocolException bad(int index, String what, String value) {
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "…";
        return new TwsProtocolException("field " + index + " is not " + what + ": '" + shown + "'");
    }
}
