package dev.safestart.workflows.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.startup.AccountPolicy.AccountType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Paper or live by account, not by port: a gateway on the paper port logged in to a live account fails the
 * startup at once (no retry), with a CRITICAL alert naming the account, and the engine is never initialised.
 */
class AccountTypeStartupTest {
    @Test
    void theRuleReadsTheAccountIds() {
        assertThat(AccountPolicy.typeOf("DU1234567")).isEqualTo(AccountType.PAPER);
        assertThat(AccountPolicy.typeOf("DF99")).isEqualTo(AccountType.PAPER);
        assertThat(AccountPolicy.typeOf("U7654321")).isEqualTo(AccountType.LIVE);
        assertThat(AccountPolicy.typeOf("F123")).isEqualTo(AccountType.LIVE);
        assertThat(AccountPolicy.typeOf(List.of("DU1", "DU2"))).contains(AccountType.PAPER);
        assertThat(AccountPolicy.typeOf(List.of("DU1", "U2"))).isEmpty();
        assertThat(AccountPolicy.problem(List.of("DU1234567"), "paper", false)).isEmpty();
        assertThat(AccountPolicy.problem(List.of("DU1", "U7654321"), "paper", false))
                .get()
                .asString()
                .contains("U7654321")
                .doesNotContain("DU1,");
        assertThat(AccountPolicy.problem(List.of("U7654321"), "live", true)).isEmpty();
        assertThat(AccountPolicy.problem(List.of("DU1234567"), "live", true))
                .get()
                .asString()
                .contains("DU1234567");
        assertThat(AccountPolicy.problem(List.of("U7654321"), "live", false)).isPresent();
        assertThat(AccountPolicy.problem(List.of(), "paper", false)).isPresent();
    }

    @Test
    void aLiveAccountOnThePaperPortFailsTheStartupNonRetryablyWithACriticalAlert() { // EC-20
        ScriptedGateway gateway = ScriptedGateway.always(GatewayState.READY);
        gateway.accounts = List.of("U7654321");
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());

            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.activeStrategy()).isEqualTo("C");
            assertThat(r.attempts()).hasSize(1); // no retry: who the gateway is logged in as will not change
            assertThat(r.reason()).contains("U7654321", "TRADING_MODE=paper");
            assertThat(h.engine.inits)
                    .as("the engine (and its gate) is never initialised")
                    .isEmpty();
            assertThat(h.engine.activations).isEmpty();
            List<Alert> critical = h.alerts.ofSeverity(AlertSeverity.CRITICAL);
            assertThat(critical).hasSize(1);
            assertThat(critical.get(0).toString()).contains("U7654321");
        }
    }

    @Test
    void liveModeWithAPaperAccountFailsToo() {
        ScriptedGateway gateway = ScriptedGateway.always(GatewayState.READY);
        gateway.accounts = List.of("DU1234567");
        try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
            StartupSettings.Builder s = StartupSettings.builder();
            s.tradingMode("live");
            s.allowLive(true);
            s.gatewayPort(4001);
            StartupResult r = h.run("bot1", s.build());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).contains("DU1234567", "TRADING_MODE=live");
            assertThat(h.engine.inits).isEmpty();
        }
    }

    @Test
    void aPaperAccountOnThePaperPortValidates() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.always(GatewayState.READY), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(h.engine.inits).hasSize(1);
            assertThat(Optional.of(r.reason())).get().asString().contains("READY");
        }
    }

    @Test
    void dryRunFalseIsAcceptedOnlyInPaperModeOnAPaperPort() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.always(GatewayState.READY), FixedGameplan.valid("A"))) {
            StartupSettings.Builder paper = StartupSettings.builder();
            paper.dryRun(false);
            assertThat(h.run("bot1", paper.build()).outcome()).isEqualTo(StartupOutcome.VALIDATED);
        }
        for (int port : new int[] {4001, 5000}) {
            ScriptedGateway gateway = ScriptedGateway.always(GatewayState.READY);
            gateway.accounts = List.of("U7654321");
            try (StartupHarness h = new StartupHarness(gateway, FixedGameplan.valid("A"))) {
                StartupSettings.Builder s = StartupSettings.builder();
                s.dryRun(false);
                s.gatewayPort(port);
                s.tradingMode("live");
                s.allowLive(true);
                StartupResult r = h.run("bot1", s.build());
                assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
                assertThat(r.reason()).contains("DRY_RUN=false refused");
                assertThat(h.engine.inits).isEmpty();
            }
        }
    }

    @Test
    void aReadOnlyApiReportedByTheEngineIsAlertedOnce() {
        try (StartupHarness h =
                new StartupHarness(ScriptedGateway.always(GatewayState.READY), FixedGameplan.valid("A"))) {
            h.engine.initDetail = "; read-only API: Strategy C cannot cancel orders";
            StartupResult r = h.run("bot1", StartupSettings.defaults());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(h.alerts.ofSeverity(AlertSeverity.WARNING))
                    .singleElement()
                    .satisfies(a ->
                            assertThat(a.description()).contains("read-only API: Strategy C cannot cancel orders"));
        }
    }
}
