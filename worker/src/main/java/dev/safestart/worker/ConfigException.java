package dev.safestart.worker;

/**
 * A configuration value was refused. The message is one line naming the variable, the value and what is
 * accepted, e.g. {@code GATEWAY_PORT='abc' is not accepted: expected an integer 1-65535}. Secrets are never
 * part of the message.
 */
public final class ConfigException extends RuntimeException {
    private final String variable;

    public ConfigException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** Builds the standard line {@code NAME='value' is not accepted: accepted}. */
    static ConfigException notAccepted(String variable, String value, String accepted) {
        return new ConfigException(variable, variable + "='" + printable(value) + "' is not accepted: " + accepted);
    }

    /** The environment variable that was refused. */
    public String variable() {
        return variable;
    }

    /** Keeps the message on one line and short, whatever the value holds. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 80; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (value.length() > 80) {
            out.append('…');
        }
        return out.toString();
    }
}
