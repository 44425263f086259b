package dev.safestart.engine;

/** The trading engine could not do what was asked; the message says what and why. */
public final class EngineException extends Exception {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
