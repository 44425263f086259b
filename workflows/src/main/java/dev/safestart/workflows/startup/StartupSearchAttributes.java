package dev.safestart.workflows.startup;

import io.temporal.common.SearchAttributeKey;

/**
 * The Keyword search attributes a startup upserts, so operators find startups with e.g.
 * {@code temporal workflow list --query 'StartupOutcome="STRATEGY_C"'}. They must be registered on the server
 * (namespace setup / {@code temporal server start-dev --search-attribute BotId=Keyword ...}) or the upsert fails
 * the workflow task.
 */
public final class StartupSearchAttributes {
    public static final SearchAttributeKey<String> BOT_ID = SearchAttributeKey.forKeyword("BotId");
    public static final SearchAttributeKey<String> STARTUP_OUTCOME = SearchAttributeKey.forKeyword("StartupOutcome");
    public static final SearchAttributeKey<String> GATEWAY_STATE = SearchAttributeKey.forKeyword("GatewayState");
    public static final SearchAttributeKey<String> ACTIVE_STRATEGY = SearchAttributeKey.forKeyword("ActiveStrategy");

    /** Memo key of the one-line summary. */
    public static final String MEMO_SUMMARY = "summary";

    private StartupSearchAttributes() {}
}
