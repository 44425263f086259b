package dev.safestart.workflows.model;

/**
 * Which gameplan to load and which date it must carry. {@code today} (ISO yyyy-MM-dd) is computed by the
 * workflow from workflow time in the market time zone, so the check is deterministic and testable.
 */
public record GameplanRequest(String botId, String path, String today, String marketZone) {}
