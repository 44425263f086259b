package dev.safestart.workflows;

import io.temporal.common.SearchAttributeKey;

/**
 * Every search attribute Safestart's workflows upsert (Keyword), defined once. Operators find runs with e.g.
 * {@code temporal workflow list --query 'StartupOutcome="STRATEGY_C"'}. They must be registered on the server
 * (namespace setup / {@code temporal server start-dev --search-attribute BotId=Keyword ...}) or the upsert fails
 * the workflow task.
 */
public final class SafestartSearchAttributes {
    public static final SearchAttributeKey<String> BOT_ID = SearchAttributeKey.forKeyword("BotId");
    public static final SearchAttributeKey<String> STARTUP_OUTCOME = SearchAttributeKey.forKeyword("StartupOutcome");
    public static final SearchAttributeKey<String> GATEWAY_STATE = SearchAttributeKey.forKeyword("GatewayState");
    public static final SearchAttributeKey<String> ACTIVE_STRATEGY = SearchAttributeKey.forKeyword("ActiveStrategy");

    /** Memo key of the one-line summary (startup and monitor). */
    public static final String MEMO_SUMMARY = "summary";

    private SafestartSearchAttributes() {}
}
