package dev.safestart.cli;

import dev.safestart.workflows.StartupWorkflow;
import dev.safestart.workflows.model.StartupOverrides;
import dev.safestart.workflows.model.StartupProgress;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.startup.StartupSummaries;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The starter's view of startups: start one (or attach to the running one), follow its progress, read its
 * result and attempts. One active startup per bot: the workflow id is {@code startup-<botId>}.
 */
public final class StartupClient {
    static final SearchAttributeKey<String> BOT_ID = SearchAttributeKey.forKeyword("BotId");
    static final String WORKFLOW_TYPE = "StartupWorkflow";
    static final Duration QUERY_DEADLINE = Duration.ofSeconds(2);

    private final WorkflowClient client;

    public StartupClient(WorkflowClient client) {
        this.client = client;
    }

    /** A started or attached startup. {@code attached} is true when one was already running for the bot. */
    public record Handle(String botId, String workflowId, String runId, boolean attached, WorkflowStub stub) {}

    /** Where a startup stands now, from Temporal's own record plus the workflow's answer when it has one. */
    public record Snapshot(
            String botId,
            String workflowId,
            String runId,
            String status,
            long startedAtEpochMillis,
            long closedAtEpochMillis,
            String summary,
            String taskQueue,
            StartupProgress progress,
            StartupResult result) {}

    /**
     * Starts {@code startup-<botId>}, allowing a new run after a closed one; when a run is still open, attaches
     * to it instead of starting a duplicate (EC-16). The request names the bot and, at most, narrowing
     * {@code overrides} (null: none): the worker serving the bot decides its settings.
     */
    public Handle startOrAttach(String botId, String taskQueue, StartupOverrides overrides) {
        String workflowId = StartupWorkflow.workflowId(botId);
        WorkflowStub stub = client.newUntypedWorkflowStub(WORKFLOW_TYPE, startOptions(botId, taskQueue, overrides));
        try {
            WorkflowExecution execution = stub.start(request(botId, overrides));
            return new Handle(botId, workflowId, execution.getRunId(), false, stub);
        } catch (WorkflowExecutionAlreadyStarted e) {
            WorkflowStub running =
                    client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.of(WORKFLOW_TYPE));
            return new Handle(botId, workflowId, e.getExecution().getRunId(), true, running);
        } catch (io.temporal.client.WorkflowServiceException e) {
            if (e.getCause() instanceof StatusRuntimeException s
                    && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
                    && String.valueOf(s.getStatus().getDescription()).contains("BotId")) {
                throw new CliException(
                        ExitCodes.ERROR,
                        "the Temporal namespace lacks the search attribute BotId:"
                                + " register it with `temporal operator search-attribute create"
                                + " --name BotId --type Keyword`"
                                + " (also StartupOutcome, GatewayState, ActiveStrategy)");
            }
            throw e;
        }
    }

    /**
     * The options a start of this bot's startup uses: the one place both {@code start} and a Schedule's start
     * action are built from (a Schedule's runs get the server's time suffix on this workflow id).
     */
    public static WorkflowOptions startOptions(String botId, String taskQueue, StartupOverrides overrides) {
        boolean narrowed = overrides != null && !overrides.equals(StartupOverrides.none());
        return WorkflowOptions.newBuilder()
                .setWorkflowId(StartupWorkflow.workflowId(botId))
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setTypedSearchAttributes(
                        SearchAttributes.newBuilder().set(BOT_ID, botId).build())
                .setMemo(Map.of(
                        "summary",
                        "startup of " + botId + " with the settings of its worker" + (narrowed ? ", narrowed" : "")))
                // The gateway and mode are the worker's: the workflow shows them in its current details.
                .setStaticSummary(StartupSummaries.workflow(botId, narrowed))
                .setStaticDetails(StartupSummaries.workflowDetails(botId))
                .build();
    }

    /** The request a start of this bot sends (with {@link #startOptions}: shared by {@code start} and Schedules). */
    public static StartupRequest request(String botId, StartupOverrides overrides) {
        return StartupRequest.forBot(botId, overrides);
    }

    /**
     * Waits for the startup's result, calling {@code onProgress} with each answer of the progress query (about
     * every {@code pollEvery}). A query that fails (no worker yet) is skipped; the wait goes on. With a null
     * {@code onProgress} nothing is queried: a query is a task for the worker, so callers that only want the
     * result (benchmarks, --json) leave the worker alone.
     */
    public StartupResult await(
            Handle handle, Duration pollEvery, Duration limit, Consumer<StartupProgress> onProgress) {
        CompletableFuture<StartupResult> result = handle.stub().getResultAsync(StartupResult.class);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                long waitMillis = onProgress == null
                        ? Math.max(1, (deadline - System.nanoTime()) / 1_000_000)
                        : pollEvery.toMillis();
                return result.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.ERROR, handle.workflowId() + " did not finish within " + limit);
                }
                if (onProgress != null) {
                    queryProgress(handle.workflowId(), handle.runId()).ifPresent(onProgress);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.ERROR, "interrupted while waiting for " + handle.workflowId());
            } catch (ExecutionException e) {
                throw new CliException(
                        ExitCodes.FAILED,
                        handle.workflowId() + " ended without a result: " + rootMessage(e.getCause()));
            }
        }
    }

    /**
     * The workflow's own answer to {@code progress()}, if it gives one within {@link #QUERY_DEADLINE}. A query
     * needs a worker; without one the server would hold the call for a long time, so the wait is bounded here.
     */
    public Optional<StartupProgress> queryProgress(String workflowId, String runId) {
        try {
            QueryWorkflowResponse response = client.getWorkflowServiceStubs()
                    .blockingStub()
                    .withDeadlineAfter(QUERY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .queryWorkflow(QueryWorkflowRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder()
                                    .setWorkflowId(workflowId)
                                    .setRunId(runId))
                            .setQuery(WorkflowQuery.newBuilder().setQueryType("progress"))
                            .build());
            if (!response.hasQueryResult()) {
                return Optional.empty();
            }
            return Optional.ofNullable(client.getOptions()
                    .getDataConverter()
                    .fromPayloads(
                            0, Optional.of(response.getQueryResult()), StartupProgress.class, StartupProgress.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The latest run of {@code startup-<botId>} (or of a Schedule's newer startup of the bot): Temporal's status and
     * times, the progress query when it can be answered, and the result when the run completed. Empty when the bot
     * never had a startup.
     */
    public Optional<Snapshot> snapshot(String botId) {
        String workflowId = latestWorkflowId(botId);
        WorkflowExecutionInfo info;
        try {
            info = client.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getWorkflowExecutionInfo();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        String runId = info.getExecution().getRunId();
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.of(WORKFLOW_TYPE));
        StartupResult result = null;
        StartupProgress progress = null;
        if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
            // A completed run's result is in history: readable without a worker.
            try {
                result = stub.getResult(5, TimeUnit.SECONDS, StartupResult.class, StartupResult.class);
            } catch (TimeoutException e) {
                throw new CliException(ExitCodes.ERROR, "could not read the result of " + workflowId + " in time");
            }
        } else if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            progress = queryProgress(workflowId, runId).orElse(null);
        }
        return Optional.of(new Snapshot(
                botId,
                workflowId,
                runId,
                statusName(info.getStatus()),
                toMillis(info.getStartTime()),
                info.hasCloseTime() ? toMillis(info.getCloseTime()) : 0L,
                decode(info.getMemo().getFieldsMap().get("summary")),
                info.getTaskQueue(),
                progress,
                result));
    }

    /**
     * {@code startup-<botId>}, or the run a Schedule started ({@code startup-<botId>-<time>}) when that one started
     * later. Found with a visibility query; where the server cannot answer one, {@code startup-<botId>}.
     */
    String latestWorkflowId(String botId) {
        String fixed = StartupWorkflow.workflowId(botId);
        if (!botId.matches("[A-Za-z0-9._-]+")) {
            return fixed;
        }
        try {
            return client
                    .getWorkflowServiceStubs()
                    .blockingStub()
                    .listWorkflowExecutions(
                            io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest.newBuilder()
                                    .setNamespace(client.getOptions().getNamespace())
                                    .setQuery("WorkflowType='" + WORKFLOW_TYPE + "' AND BotId='" + botId + "'")
                                    .setPageSize(20)
                                    .build())
                    .getExecutionsList()
                    .stream()
                    .filter(i -> i.getExecution().getWorkflowId().equals(fixed)
                            || i.getExecution().getWorkflowId().startsWith(fixed + "-"))
                    .max(java.util.Comparator.comparingLong(i -> toMillis(i.getStartTime())))
                    .map(i -> i.getExecution().getWorkflowId())
                    .orElse(fixed);
        } catch (StatusRuntimeException e) {
            return fixed;
        }
    }

    /** A memo or search-attribute payload as text (keyword lists give their first value). */
    public static String decode(io.temporal.api.common.v1.Payload p) {
        if (p == null) {
            return null;
        }
        try {
            Object v = io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    p, Object.class, Object.class);
            if (v instanceof java.util.List<?> list) {
                return list.isEmpty() ? null : String.valueOf(list.get(0));
            }
            return v == null ? null : String.valueOf(v);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String statusName(WorkflowExecutionStatus status) {
        return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    }

    static long toMillis(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1000L + t.getNanos() / 1_000_000;
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    public WorkflowClient client() {
        return client;
    }
}
