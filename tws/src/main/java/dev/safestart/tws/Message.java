package dev.safestart.tws;

import java.util.List;

/**
 * One decoded classic-protocol message: its fields in order, with typed accessors that turn bad input into
 * {@link TwsProtocolException} rather than an unchecked exception.
 */
public record Message(List<String> fields) {
    public Message {
        fields = List.copyOf(fields);
    }

    public static Message parse(byte[] payload) {
        return new Message(Frames.splitFields(payload));
    }

    public int size() {
        return fields.size();
    }

    public String text(int index) throws TwsProtocolException {
        if (index >= fields.size()) {
            throw new TwsProtocolException("message " + fields + " has no field " + index);
        }
        return fields.get(index);
    }

    public int intField(int index) throws TwsProtocolException {
        String value = text(index);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TwsProtocolException("field " + index + " is not an integer: '" + abbreviate(value) + "'");
        }
    }

    public long longField(int index) throws TwsProtocolException {
        String value = text(index);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TwsProtocolException("field " + index + " is not an integer: '" + abbreviate(value) + "'");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
