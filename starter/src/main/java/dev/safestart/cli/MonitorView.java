package dev.safestart.cli;

import dev.safestart.workflows.monitor.MonitorDecision;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import java.io.PrintStream;
import java.time.Instant;

/** The monitor's status for humans, in the field names operators already use (status command, demo). */
public final class MonitorView {
    private MonitorView() {}

    public static void print(PrintStream out, MonitorStatus s) {
        out.println("monitor    " + RuntimeMonitorWorkflow.workflowId(s.botId()) + " (run " + s.run() + ", phase "
                + s.phase() + ")");
        out.println("  gateway_connected   " + s.gatewayConnected() + " (" + s.lastGatewayState() + ")");
        out.println("  last_gateway_check  "
                + (s.lastGatewayCheckEpochMillis() > 0
                        ? Instant.ofEpochMilli(s.lastGatewayCheckEpochMillis())
                        : "never"));
        out.println("  uptime_seconds      " + s.uptimeSeconds());
        out.println("  strategy_active     " + s.strategyActive() + (s.latched() ? " (LATCHED: restart storm)" : "")
                + (s.forcedStrategyC() ? " (forced)" : ""));
        out.println("  positions_open      " + s.positionsOpen());
        out.println("  open_orders         " + s.openOrders());
        out.println("  last_error          " + (s.lastError().isBlank() ? "-" : s.lastError()));
        out.println("  bot_worker_alive    " + s.botWorkerAlive());
        if (s.state() != null) {
            out.println("  owner_state         " + s.state()
                    + (s.holds().isEmpty() ? "" : " (holds: " + String.join(", ", s.holds()) + ")"));
            out.println("  validated           " + s.validated()
                    + (s.validated() || s.notValidatedReason().isBlank() ? "" : " (" + s.notValidatedReason() + ")"));
            out.println("  engine              "
                    + (s.engineId().isBlank() ? "-" : s.engineId() + " epoch " + s.engineEpoch()));
        }
        if (!s.recentDecisions().isEmpty()) {
            MonitorDecision last = s.recentDecisions().get(s.recentDecisions().size() - 1);
            out.println("  last_decision       " + last.decision() + " — " + last.trigger() + " at "
                    + Instant.ofEpochMilli(last.decidedAtEpochMillis()));
        }
    }
}
