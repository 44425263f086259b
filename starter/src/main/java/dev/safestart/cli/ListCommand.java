package dev.safestart.cli;

import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "Recent startups, newest first.",
            "Uses the visibility query WorkflowType='StartupWorkflow' (plus --query) on a real Temporal server;"
                    + " on a server without advanced visibility (e.g. the Java test server) falls back to its"
                    + " open and closed listings."
        },
        footer = {
            "%nExit codes:",
            "  0  listed (possibly nothing)",
            "  3  Temporal unreachable or another error",
            "  64 bad usage"
        })
public final class ListCommand extends BaseCommand {

    @Option(names = "--limit", defaultValue = "20", description = "at most this many (default ${DEFAULT-VALUE})")
    int limit;

    @Option(
            names = "--query",
            paramLabel = "VISIBILITY_QUERY",
            description = "extra filter ANDed to the type, e.g. StartupOutcome=\"STRATEGY_C\" or BotId=\"alpha\"")
    String query;

    @Option(names = "--json", description = "print as JSON")
    boolean json;

    public ListCommand(CliEnvironment env) {
        super(env);
    }

    public ListCommand() {
        super();
    }

    /** One line of the listing. */
    public record Row(
            String botId,
            String workflowId,
            String runId,
            String status,
            String outcome,
            long startedAtEpochMillis,
            long closedAtEpochMillis,
            String summary) {}

    @Override
    protected int run() {
        if (limit < 1 || limit > 1000) {
            throw new CliException(ExitCodes.USAGE, "--limit '" + limit + "' is not accepted: expected 1-1000");
        }
        try (TemporalConnection conn = TemporalConnection.open(temporal.config(env, true))) {
            List<Row> rows = list(conn.client(), query, limit);
            if (json) {
                env.out().println(Json.write(rows));
                return ExitCodes.OK;
            }
            if (rows.isEmpty()) {
                env.out().println("no startups found");
                return ExitCodes.OK;
            }
            env.out()
                    .println(String.format(
                            Locale.ROOT,
                            "%-20s %-12s %-11s %-24s %-24s %s",
                            "BOT",
                            "STATUS",
                            "OUTCOME",
                            "STARTED (UTC)",
                            "CLOSED (UTC)",
                            "RUN"));
            for (Row r : rows) {
                env.out()
                        .println(String.format(
                                Locale.ROOT,
                                "%-20s %-12s %-11s %-24s %-24s %s",
                                r.botId(),
                                r.status(),
                                r.outcome() == null ? "-" : r.outcome(),
                                Instant.ofEpochMilli(r.startedAtEpochMillis()),
                                r.closedAtEpochMillis() == 0 ? "-" : Instant.ofEpochMilli(r.closedAtEpochMillis()),
                                r.runId()));
            }
            return ExitCodes.OK;
        }
    }

    /** Newest first; the visibility query when the server has it, open+closed listings otherwise. */
    static List<Row> list(WorkflowClient client, String extraQuery, int limit) {
        String ns = client.getOptions().getNamespace();
        var stub = client.getWorkflowServiceStubs().blockingStub();
        List<WorkflowExecutionInfo> infos = new ArrayList<>();
        String q = "WorkflowType='" + StartupClient.WORKFLOW_TYPE + "'"
                + (extraQuery == null || extraQuery.isBlank() ? "" : " AND (" + extraQuery + ")");
        try {
            infos.addAll(stub.listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(ns)
                            .setQuery(q)
                            .setPageSize(limit)
                            .build())
                    .getExecutionsList());
        } catch (StatusRuntimeException e) {
            if (extraQuery != null && !extraQuery.isBlank()) {
                throw new CliException(
                        ExitCodes.ERROR,
                        "this server cannot run the visibility query (" + q + "): "
                                + e.getStatus().getCode() + " " + e.getStatus().getDescription());
            }
            infos.addAll(fallback(stub, ns, limit));
        }
        return infos.stream()
                .filter(i -> i.getType().getName().equals(StartupClient.WORKFLOW_TYPE))
                .sorted(Comparator.comparingLong((WorkflowExecutionInfo i) -> StartupClient.toMillis(i.getStartTime()))
                        .reversed())
                .limit(limit)
                .map(ListCommand::row)
                .toList();
    }

    private static List<WorkflowExecutionInfo> fallback(
            io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub stub,
            String ns,
            int limit) {
        WorkflowTypeFilter type = WorkflowTypeFilter.newBuilder()
                .setName(StartupClient.WORKFLOW_TYPE)
                .build();
        StartTimeFilter anyTime = StartTimeFilter.newBuilder()
                .setEarliestTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(0))
                .setLatestTime(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(Instant.now().getEpochSecond() + 86_400))
                .build();
        List<WorkflowExecutionInfo> infos =
                new ArrayList<>(stub.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                                .setNamespace(ns)
                                .setMaximumPageSize(limit)
                                .setStartTimeFilter(anyTime)
                                .setTypeFilter(type)
                                .build())
                        .getExecutionsList());
        infos.addAll(stub.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(ns)
                        .setMaximumPageSize(limit)
                        .setStartTimeFilter(anyTime)
                        .setTypeFilter(type)
                        .build())
                .getExecutionsList());
        return infos;
    }

    private static Row row(WorkflowExecutionInfo i) {
        Map<String, Payload> sa = i.getSearchAttributes().getIndexedFieldsMap();
        String workflowId = i.getExecution().getWorkflowId();
        String botId = StartupClient.decode(sa.get("BotId"));
        if (botId == null && workflowId.startsWith("startup-")) {
            botId = workflowId.substring("startup-".length());
        }
        return new Row(
                botId,
                workflowId,
                i.getExecution().getRunId(),
                StartupClient.statusName(i.getStatus()),
                StartupClient.decode(sa.get("StartupOutcome")),
                StartupClient.toMillis(i.getStartTime()),
                i.hasCloseTime() ? StartupClient.toMillis(i.getCloseTime()) : 0L,
                StartupClient.decode(i.getMemo().getFieldsMap().get("summary")));
    }
}
