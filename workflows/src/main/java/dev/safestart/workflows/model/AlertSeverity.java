package dev.safestart.workflows.model;

public enum AlertSeverity {
    INFO,
    WARNING,
    ERROR,
    CRITICAL
}
