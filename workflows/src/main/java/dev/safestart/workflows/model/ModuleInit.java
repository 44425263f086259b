package dev.safestart.workflows.model;

/** What initModules needs: the TRADING client id (not the probe's) and DRY_RUN. Carries no secret. */
public record ModuleInit(String botId, String gatewayHost, int gatewayPort, int clientId, boolean dryRun) {}
