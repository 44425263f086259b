package dev.safestart.tws;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one classic-protocol message field by field, writing numbers the way IB's official clients do (booleans
 * as 0/1, unset doubles as empty or as the unset sentinel, doubles in the shortest round-trip form).
 */
public final class FieldWriter {
    private final List<Object> fields = new ArrayList<>();

    public FieldWriter(int messageId) {
        fields.add(messageId);
    }

    public FieldWriter text(String value) {
        fields.add(value == null ? "" : value);
        return this;
    }

    public FieldWriter integer(long value) {
        fields.add(Long.toString(value));
        return this;
    }

    public FieldWriter bool(boolean value) {
        fields.add(value ? "1" : "0");
        return this;
    }

    /** A double, or empty when null (the official clients' "handle empty" fields). */
    public FieldWriter optionalDouble(Double value) {
        fields.add(value == null ? "" : formatDouble(value));
        return this;
    }

    public FieldWriter dbl(double value) {
        fields.add(formatDouble(value));
        return this;
    }

    /** An unset double written as the sentinel itself (fields the official clients send without "handle empty"). */
    public FieldWriter unsetDouble() {
        fields.add(FieldCursor.UNSET_DOUBLE);
        return this;
    }

    public FieldWriter unsetInteger() {
        fields.add(FieldCursor.UNSET_INTEGER);
        return this;
    }

    public FieldWriter decimal(BigDecimal value) {
        fields.add(value == null ? "" : value.toPlainString());
        return this;
    }

    public FieldWriter empty(int count) {
        for (int i = 0; i < count; i++) {
            fields.add("");
        }
        return this;
    }

    public byte[] frame() {
        return Frames.encodeFields(fields.toArray());
    }

    public List<String> fields() {
        return fields.stream().map(String::valueOf).toList();
    }

    /**
     * A double as Python's {@code str(float)} writes it (what the official Python client sends): fixed notation with
     * at least one decimal between 1e-4 and 1e16, else {@code 1.5e-05} style.
     */
    public static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        double abs = Math.abs(value);
        String java = Double.toString(value);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = new BigDecimal(java).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        int e = java.indexOf('E');
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(java.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
