package dev.safestart.workflows.model;

/** What became of one alert: delivered, logged only (no webhook), already delivered, or rejected by Discord. */
public record AlertReceipt(String alertId, Status status, int httpStatus, String detail) {
    public enum Status {
        DELIVERED,
        LOGGED_ONLY,
        ALREADY_DELIVERED,
        REJECTED
    }
}
