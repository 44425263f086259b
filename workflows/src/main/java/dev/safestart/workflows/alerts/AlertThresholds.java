package dev.safestart.workflows.alerts;

import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.StartupSettings;
import java.util.Optional;

/**
 * When a startup's retries deserve an alert: WARNING at attempt {@code warningAtAttempt} (default 3), ERROR at
 * {@code errorAtAttempt} (default 10) — once each, at exactly that attempt, not on every attempt after it.
 * INFO on VALIDATED and CRITICAL on FAILED are outcomes, not thresholds: the workflow sends those itself.
 */
public record AlertThresholds(int warningAtAttempt, int errorAtAttempt) {
    public AlertThresholds {
        if (warningAtAttempt < 1 || errorAtAttempt < 1) {
            throw new IllegalArgumentException("alert thresholds must be attempts ≥ 1, were warning=" + warningAtAttempt
                    + " error=" + errorAtAttempt);
        }
        if (errorAtAttempt <= warningAtAttempt) {
            throw new IllegalArgumentException("the ERROR alert attempt (" + errorAtAttempt
                    + ") must come after the WARNING one (" + warningAtAttempt + ")");
        }
    }

    public static AlertThresholds defaults() {
        return new AlertThresholds(3, 10);
    }

    public static AlertThresholds from(StartupSettings settings) {
        return new AlertThresholds(settings.warningAtAttempt(), settings.errorAtAttempt());
    }

    /** The severity to alert with when attempt number {@code attempt} (1-based) has failed, if any. */
    public Optional<AlertSeverity> severityAt(int attempt) {
        if (attempt == warningAtAttempt) {
            return Optional.of(AlertSeverity.WARNING);
        }
        if (attempt == errorAtAttempt) {
            return Optional.of(AlertSeverity.ERROR);
        }
        return Optional.empty();
    }
}
