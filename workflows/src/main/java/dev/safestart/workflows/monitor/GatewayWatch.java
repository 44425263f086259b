package dev.safestart.workflows.monitor;

import dev.safestart.workflows.model.GatewayState;

/**
 * A long-lived independent watch of the gateway: probes every {@code intervalSeconds} with the probe client id and
 * completes when the state differs from {@code expected}, or after {@code maxSeconds} with the last outcome.
 */
public record GatewayWatch(ProbeTarget probe, GatewayState expected, int intervalSeconds, int maxSeconds) {}
