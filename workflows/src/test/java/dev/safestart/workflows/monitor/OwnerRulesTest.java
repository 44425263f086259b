package dev.safestart.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.ModuleStatus;
import dev.safestart.workflows.monitor.OwnerRules.Effect;
import dev.safestart.workflows.monitor.OwnerRules.Hold;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every owner rule, without Temporal: events in, state and effects out. */
class OwnerRulesTest {
    static final long T0 = Instant.parse("2026-02-10T15:00:00Z").toEpochMilli();
    static final String QUEUE_E1 = "bot-q@e1";

    static OwnerRules.Settings settings(boolean autoResume, RestartWindow window) {
        return new OwnerRules.Settings(
                3, 600_000, autoResume, window, 5, 60, false, "bot1", OwnerRules.Settings.CURRENT);
    }

    static OwnerRules fresh() {
        return new OwnerRules(settings(false, null), OwnerRules.State.initial(T0));
    }

    static ValidationReport report(String engineId, long epoch, String queue, GameplanCheck plan) {
        return new ValidationReport("bot1", "startup-bot1", engineId, epoch, queue, plan, T0);
    }

    static GameplanCheck plan(String strategy) {
        return new GameplanCheck(true, "", "", "2026-02-10", strategy, List.of("SPY"), 0.1, 100);
    }

    static EngineSnapshot engine(
            String id,
            boolean initialized,
            boolean connected,
            boolean gateOpen,
            String strategy,
            long epoch,
            String queue) {
        return new EngineSnapshot(initialized, connected, gateOpen, strategy, 0, "", epoch, id, queue, 0, "");
    }

    /** A bot armed with plan A on engine e1 (epoch 1, own queue). */
    static OwnerRules armed() {
        OwnerRules rules = fresh();
        rules.on(new OwnerRules.StartupReported(report("e1", 1, QUEUE_E1, plan("A"))), T0);
        rules.on(new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "armed", "e1", 1, QUEUE_E1)), T0);
        return rules;
    }

    static <T extends Effect> List<T> of(List<Effect> effects, Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aFreshOwnerIsNotValidatedAndMayNotTrade() {
        OwnerRules rules = fresh();
        assertThat(rules.state().state()).isEqualTo(OwnerState.NOT_VALIDATED);
        assertThat(rules.state().strategyActive()).isEqualTo("C");
        assertThat(rules.mayTrade()).isFalse();
    }

    @Test
    void aValidatedStartupWithoutHoldIsArmedByTheOwner() {
        OwnerRules rules = fresh();
        List<Effect> effects = rules.on(new OwnerRules.StartupReported(report("e1", 1, QUEUE_E1, plan("A"))), T0);
        assertThat(of(effects, OwnerRules.Arm.class))
                .singleElement()
                .satisfies(a ->
                        assertThat(a.taskQueue()).as("addressed to that engine").isEqualTo(QUEUE_E1));
        assertThat(rules.mayTrade()).as("not before the engine armed").isFalse();

        effects =
                rules.on(new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "armed", "e1", 2, QUEUE_E1)), T0);
        assertThat(rules.state().state()).isEqualTo(OwnerState.ARMED);
        assertThat(rules.state().engine().epoch()).isEqualTo(2);
        assertThat(rules.mayTrade()).isTrue();
        assertThat(of(effects, OwnerRules.ReplyStartup.class))
                .singleElement()
                .satisfies(r -> assertThat(r.decision().decision()).isEqualTo(OwnerDecision.Decision.ARMED));
    }

    @Test
    void anOperatorHoldSurvivesTheNextStartup() { // EC-22
        OwnerRules rules = armed();
        List<Effect> effects = rules.on(new OwnerRules.OperatorForceC("FOMC"), T0 + 1_000);
        assertThat(of(effects, OwnerRules.EnterC.class))
                .singleElement()
                .satisfies(c -> assertThat(c.forOperator()).isTrue());
        assertThat(rules.state().state()).isEqualTo(OwnerState.HELD);

        effects = rules.on(new OwnerRules.StartupReported(report("e1", 3, QUEUE_E1, plan("A"))), T0 + 2_000);
        assertThat(of(effects, OwnerRules.Arm.class)).isEmpty();
        assertThat(of(effects, OwnerRules.ReplyStartup.class)).singleElement().satisfies(r -> {
            assertThat(r.decision().decision()).isEqualTo(OwnerDecision.Decision.HELD);
            assertThat(r.decision().reason()).contains("OPERATOR").contains("FOMC");
        });
        assertThat(rules.state().holds()).containsExactly(Hold.OPERATOR);
        assertThat(rules.mayTrade()).isFalse();
    }

    @Test
    void strategyCIsConfirmedToTheOperatorOnlyWhenTheEngineAnswered() {
        OwnerRules rules = armed();
        OwnerRules.EnterC c = of(rules.on(new OwnerRules.OperatorForceC("x"), T0), OwnerRules.EnterC.class)
                .get(0);
        List<Effect> ok =
                rules.on(new OwnerRules.StrategyCDone(c, engine("e1", true, true, false, "C", 2, QUEUE_E1), null), T0);
        assertThat(of(ok, OwnerRules.ReplyOperator.class))
                .singleElement()
                .satisfies(r -> assertThat(r.reply().confirmed()).isTrue());
        List<Effect> failed = rules.on(new OwnerRules.StrategyCDone(c, null, "no worker"), T0);
        assertThat(of(failed, OwnerRules.ReplyOperator.class))
                .singleElement()
                .satisfies(r -> assertThat(r.reply().confirmed()).isFalse());
    }

    @Test
    void resumeIsRefusedWhileTheGatewayIsNotValidated() {
        OwnerRules rules = armed();
        rules.on(new OwnerRules.OperatorForceC("x"), T0);
        rules.on(new OwnerRules.Connection(new ConnectionSignal(ConnectionSignal.Kind.SOCKET_CLOSED, "", T0, 1)), T0);
        assertThat(rules.resumeRefusal()).get().asString().contains("gateway not validated");
        List<Effect> effects = rules.on(new OwnerRules.OperatorResume(), T0);
        assertThat(of(effects, OwnerRules.Revalidate.class)).isEmpty();
        assertThat(of(effects, OwnerRules.ReplyOperator.class))
                .singleElement()
                .satisfies(r -> assertThat(r.reply().confirmed()).isFalse());
        assertThat(rules.state().holds()).contains(Hold.OPERATOR);
    }

    @Test
    void resumeReleasesTheHoldOnlyAfterAFreshValidation() {
        OwnerRules rules = armed();
        rules.on(new OwnerRules.OperatorForceC("x"), T0);
        List<Effect> effects = rules.on(new OwnerRules.OperatorResume(), T0 + 1_000);
        assertThat(of(effects, OwnerRules.Revalidate.class)).hasSize(1);
        assertThat(rules.state().holds()).as("not yet").contains(Hold.OPERATOR);

        effects = rules.on(
                new OwnerRules.Revalidated(engine("e1", true, true, false, "C", 5, QUEUE_E1), null), T0 + 2_000);
        assertThat(rules.state().holds()).isEmpty();
        assertThat(of(effects, OwnerRules.Arm.class)).hasSize(1);
        effects = rules.on(
                new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "", "e1", 5, QUEUE_E1)), T0 + 2_000);
        assertThat(rules.state().state()).isEqualTo(OwnerState.ARMED);
        assertThat(of(effects, OwnerRules.ReplyOperator.class))
                .singleElement()
                .satisfies(r -> assertThat(r.reply().confirmed()).isTrue());
    }

    @Test
    void aResumeWhileArmedThatReloadsAPlanSelectingCClosesTheOpenGate() {
        // Found by the system property test: armed with A, the gameplan now says C, the operator resumes.
        OwnerRules rules = armed();
        List<Effect> effects = rules.on(new OwnerRules.OperatorResume(), T0 + 1_000);
        assertThat(of(effects, OwnerRules.Revalidate.class)).hasSize(1);

        effects = rules.on(
                new OwnerRules.Revalidated(engine("e1", true, true, true, "A", 1, QUEUE_E1), plan("C")), T0 + 2_000);
        assertThat(rules.state().state()).isEqualTo(OwnerState.SAFE_C);
        assertThat(of(effects, OwnerRules.EnterC.class))
                .as("the engine's gate, still open from the earlier arm, is closed")
                .singleElement()
                .satisfies(c -> assertThat(c.trigger()).isEqualTo("STAY_IN_C"));
        assertThat(of(effects, OwnerRules.Arm.class)).isEmpty();
    }

    @Test
    void underTheEngineChecksRulesStayingInCLeftTheGateAsItWas() {
        // What histories recorded before the fix replay: no Strategy C command on that path.
        OwnerRules rules = new OwnerRules(
                settings(false, null).withRevision(OwnerRules.Settings.ENGINE_CHECKS), OwnerRules.State.initial(T0));
        rules.on(new OwnerRules.StartupReported(report("e1", 1, QUEUE_E1, plan("A"))), T0);
        rules.on(new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "armed", "e1", 1, QUEUE_E1)), T0);
        rules.on(new OwnerRules.OperatorResume(), T0 + 1_000);
        List<Effect> effects = rules.on(
                new OwnerRules.Revalidated(engine("e1", true, true, true, "A", 1, QUEUE_E1), plan("C")), T0 + 2_000);
        assertThat(of(effects, OwnerRules.EnterC.class)).isEmpty();
    }

    @Test
    void anAccountThatChangedDuringADropIsAWarningAndALineInHistory() { // EC-30
        OwnerRules rules = armed();
        rules.on(new OwnerRules.OperatorForceC("x"), T0);
        rules.on(new OwnerRules.OperatorResume(), T0 + 1_000);
        EngineSnapshot found = new EngineSnapshot(
                true,
                true,
                false,
                "C",
                1,
                "",
                6,
                "e1",
                QUEUE_E1,
                0,
                "fill not seen before: BUY 10 SPY @ 500.0 (exec 0001)");
        List<Effect> effects = rules.on(new OwnerRules.Revalidated(found, null), T0 + 2_000);
        assertThat(of(effects, OwnerRules.SendAlert.class))
                .filteredOn(
                        a -> a.severity() == AlertSeverity.WARNING && a.text().contains("BUY 10 SPY"))
                .hasSize(1);
        assertThat(rules.state().decisions()).anySatisfy(d -> {
            assertThat(d.decision()).isEqualTo("ACCOUNT_DIFFERENCE");
            assertThat(d.detail()).contains("exec 0001");
        });

        // Nothing found: no such alert and no such line.
        OwnerRules quiet = armed();
        quiet.on(new OwnerRules.OperatorForceC("x"), T0);
        quiet.on(new OwnerRules.OperatorResume(), T0 + 1_000);
        List<Effect> none = quiet.on(
                new OwnerRules.Revalidated(engine("e1", true, true, false, "C", 6, QUEUE_E1), null), T0 + 2_000);
        assertThat(of(none, OwnerRules.SendAlert.class))
                .noneMatch(a -> a.title().startsWith("Account changed"));
        assertThat(quiet.state().decisions()).noneMatch(d -> d.decision().equals("ACCOUNT_DIFFERENCE"));
    }

    @Test
    void aFailedFreshValidationKeepsTheHoldAndTellsTheOperator() {
        OwnerRules rules = armed();
        rules.on(new OwnerRules.OperatorForceC("x"), T0);
        rules.on(new OwnerRules.OperatorResume(), T0);
        List<Effect> effects = rules.on(new OwnerRules.RevalidationFailed("gateway API_NOT_READY"), T0);
        assertThat(rules.state().holds()).containsExactly(Hold.OPERATOR);
        assertThat(of(effects, OwnerRules.ReplyOperator.class))
                .singleElement()
                .satisfies(r -> assertThat(r.reply().message()).contains("API_NOT_READY"));
    }

    @Test
    void underTheFirstRulesANewUninitialisedEngineIsNotValidatedAtOnceAndReValidatedByTheOwner() {
        OwnerRules rules =
                new OwnerRules(settings(false, null).withRevision(OwnerRules.Settings.FIRST), armed().state());
        List<Effect> effects =
                rules.on(new OwnerRules.EngineSeen(engine("e2", false, false, false, "C", 0, "bot-q@e2")), T0 + 60_000);
        assertThat(rules.state().validated()).isFalse();
        assertThat(rules.state().state()).isEqualTo(OwnerState.NOT_VALIDATED);
        assertThat(rules.state().notValidatedReason()).contains("not initialised");
        assertThat(of(effects, OwnerRules.SendAlert.class)).isNotEmpty();
        assertThat(rules.nextDueAt()).isEqualTo(T0 + 60_000);

        effects = rules.on(new OwnerRules.Tick(), T0 + 60_000);
        assertThat(of(effects, OwnerRules.Revalidate.class)).singleElement().satisfies(r -> {
            assertThat(r.initialize()).isTrue();
            assertThat(r.taskQueue()).isEqualTo("bot-q@e2");
        });
        effects = rules.on(
                new OwnerRules.Revalidated(engine("e2", true, true, false, "C", 1, "bot-q@e2"), null), T0 + 61_000);
        assertThat(of(effects, OwnerRules.Arm.class))
                .singleElement()
                .satisfies(a -> assertThat(a.plan().strategy()).isEqualTo("A"));
        rules.on(new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "", "e2", 1, "bot-q@e2")), T0 + 61_000);
        assertThat(rules.state().state()).isEqualTo(OwnerState.ARMED);
        assertThat(rules.state().engine().engineId()).isEqualTo("e2");
    }

    /** kill -9 of the worker after VALIDATED, then a new worker (a new, uninitialised engine on the shared queue). */
    @Test
    void aNewEngineAfterACrashIsCheckedAgainstTheValidatedOneThenInitialisedAndReArmedByTheOwner() { // EC-24
        OwnerRules rules = armed();
        rules.on(new OwnerRules.EngineUnreachable("heartbeat timeout"), T0 + 4_000);
        assertThat(rules.state().botWorkerAlive()).isFalse();

        List<Effect> effects =
                rules.on(new OwnerRules.EngineSeen(engine("e2", false, false, false, "C", 0, "bot-q@e2")), T0 + 10_000);
        OwnerRules.CheckEngine check = of(effects, OwnerRules.CheckEngine.class).get(0);
        assertThat(check).isEqualTo(new OwnerRules.CheckEngine("e1", QUEUE_E1));
        assertThat(of(effects, OwnerRules.Revalidate.class)).isEmpty();
        // The same engine seen again (announcement, next watch) while the check runs: no second check.
        assertThat(rules.on(
                        new OwnerRules.EngineAnnounced(engine("e2", false, false, false, "C", 0, "bot-q@e2")),
                        T0 + 10_000))
                .isEmpty();

        rules.on(new OwnerRules.EngineChecked(check, null), T0 + 15_000);
        assertThat(rules.state().state()).isEqualTo(OwnerState.NOT_VALIDATED);
        assertThat(rules.state().engine().engineId()).isEqualTo("e2");
        // A late answer to the same check changes nothing.
        assertThat(rules.on(new OwnerRules.EngineChecked(check, null), T0 + 15_000))
                .isEmpty();
        assertThat(rules.state().engine().engineId()).isEqualTo("e2");

        effects = rules.on(new OwnerRules.Tick(), T0 + 15_000);
        assertThat(of(effects, OwnerRules.Revalidate.class))
                .containsExactly(new OwnerRules.Revalidate(true, "bot-q@e2"));
        effects = rules.on(
                new OwnerRules.Revalidated(engine("e2", true, true, false, "C", 1, "bot-q@e2"), plan("A")),
                T0 + 16_000);
        assertThat(of(effects, OwnerRules.Arm.class))
                .singleElement()
                .satisfies(a -> assertThat(a.taskQueue()).isEqualTo("bot-q@e2"));
        // The engine watch sees the gate the arm opened before the arm's own result arrives: not a stray gate.
        effects = rules.on(new OwnerRules.EngineSeen(engine("e2", true, true, true, "A", 1, "bot-q@e2")), T0 + 16_100);
        assertThat(of(effects, OwnerRules.EnterC.class)).isEmpty();
        rules.on(new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "", "e2", 1, "bot-q@e2")), T0 + 16_200);
        assertThat(rules.state().state()).isEqualTo(OwnerState.ARMED);
        assertThat(rules.mayTrade()).isTrue();
        assertThat(rules.state().engine()).isEqualTo(new OwnerRules.Engine("e2", 1, "bot-q@e2"));
    }

    @Test
    void anOpenGateSeenWhileNothingIsBeingArmedIsStillClosed() {
        OwnerRules rules = armed();
        rules.on(new OwnerRules.OperatorForceC("x"), T0);
        List<Effect> effects =
                rules.on(new OwnerRules.EngineSeen(engine("e1", true, true, true, "A", 1, QUEUE_E1)), T0 + 1_000);
        assertThat(of(effects, OwnerRules.EnterC.class))
                .singleElement()
                .satisfies(c -> assertThat(c.trigger()).isEqualTo("GATE_OPEN_UNEXPECTED"));
    }

    /** A second worker for the bot while the first one still trades: it announces its engine at start. */
    @Test
    void aSecondWorkersAnnouncedEngineIsCheckedAndBothAreRefused() { // EC-25
        OwnerRules rules = armed();
        List<Effect> effects = rules.on(
                new OwnerRules.EngineAnnounced(engine("e2", false, false, false, "C", 0, "bot-q@e2")), T0 + 5_000);
        OwnerRules.CheckEngine check = of(effects, OwnerRules.CheckEngine.class).get(0);
        assertThat(check.taskQueue()).isEqualTo(QUEUE_E1);
        assertThat(of(effects, OwnerRules.Revalidate.class)).isEmpty();

        effects = rules.on(
                new OwnerRules.EngineChecked(check, engine("e1", true, true, true, "A", 1, QUEUE_E1)), T0 + 5_100);
        assertThat(rules.state().state()).isEqualTo(OwnerState.REFUSED);
        assertThat(rules.state().holds()).contains(Hold.TWO_ENGINES);
        assertThat(rules.state().strategyActive()).isEqualTo("C");
        assertThat(of(effects, OwnerRules.EnterC.class))
                .extracting(OwnerRules.EnterC::taskQueue)
                .containsExactlyInAnyOrder(QUEUE_E1, "bot-q@e2");
        // Refused means no validation of either: the owner only re-checks both engines.
        effects = rules.on(new OwnerRules.Tick(), rules.nextDueAt());
        assertThat(of(effects, OwnerRules.Revalidate.class)).isEmpty();
        assertThat(of(effects, OwnerRules.CheckEngine.class)).hasSize(2);

        // The first worker stops: one engine left, the new one, which needs initialising after resume.
        rules.on(new OwnerRules.EngineChecked(new OwnerRules.CheckEngine("e1", QUEUE_E1), null), rules.nextDueAt());
        assertThat(rules.state().engine().engineId()).isEqualTo("e2");
        assertThat(rules.state().initializeOnAttempt()).isTrue();
        assertThat(rules.mayTrade()).isFalse();
    }

    @Test
    void theAnnouncementOfTheValidatedEngineChangesNothing() {
        OwnerRules rules = armed();
        assertThat(rules.on(
                        new OwnerRules.EngineAnnounced(engine("e1", false, false, false, "C", 0, QUEUE_E1)), T0 + 1))
                .isEmpty();
        assertThat(rules.mayTrade()).isTrue();
    }

    @Test
    void aNewEngineUnderAnOperatorHoldIsNotReArmed() {
        OwnerRules rules = armed();
        rules.on(new OwnerRules.OperatorForceC("x"), T0);
        rules.on(new OwnerRules.EngineSeen(engine("e2", false, false, false, "C", 0, "bot-q@e2")), T0);
        assertThat(rules.nextDueAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(rules.state().holds()).containsExactly(Hold.OPERATOR);
    }

    @Test
    void twoLiveEnginesAreRefusedWithStrategyCOnBoth() {
        OwnerRules rules = armed();
        List<Effect> effects =
                rules.on(new OwnerRules.EngineSeen(engine("e2", true, true, false, "C", 1, "bot-q@e2")), T0);
        OwnerRules.CheckEngine check = of(effects, OwnerRules.CheckEngine.class).get(0);
        assertThat(check.taskQueue()).isEqualTo(QUEUE_E1);

        effects = rules.on(new OwnerRules.EngineChecked(check, engine("e1", true, true, true, "A", 1, QUEUE_E1)), T0);
        assertThat(rules.state().state()).isEqualTo(OwnerState.REFUSED);
        assertThat(rules.state().holds()).contains(Hold.TWO_ENGINES);
        assertThat(of(effects, OwnerRules.EnterC.class))
                .extracting(OwnerRules.EnterC::taskQueue)
                .containsExactlyInAnyOrder(QUEUE_E1, "bot-q@e2");
        assertThat(of(effects, OwnerRules.SendAlert.class))
                .extracting(OwnerRules.SendAlert::severity)
                .contains(AlertSeverity.CRITICAL);
        assertThat(rules.resumeRefusal()).get().asString().contains("two live engines");

        effects = rules.on(new OwnerRules.StartupReported(report("e2", 1, "bot-q@e2", plan("A"))), T0);
        assertThat(of(effects, OwnerRules.Arm.class)).isEmpty();
        assertThat(of(effects, OwnerRules.ReplyStartup.class))
                .singleElement()
                .satisfies(r -> assertThat(r.decision().decision()).isEqualTo(OwnerDecision.Decision.REFUSED));
    }

    @Test
    void whenOneOfTwoEnginesIsGoneTheOwnerWaitsForResume() {
        OwnerRules rules = armed();
        OwnerRules.CheckEngine check = of(
                        rules.on(new OwnerRules.EngineSeen(engine("e2", true, true, false, "C", 1, "bot-q@e2")), T0),
                        OwnerRules.CheckEngine.class)
                .get(0);
        rules.on(new OwnerRules.EngineChecked(check, engine("e1", true, true, true, "A", 1, QUEUE_E1)), T0);
        rules.on(new OwnerRules.EngineChecked(new OwnerRules.CheckEngine("e1", QUEUE_E1), null), T0 + 60_000);
        assertThat(rules.state().holds()).doesNotContain(Hold.TWO_ENGINES).contains(Hold.AWAITING_RESUME);
        assertThat(rules.state().engine().engineId()).isEqualTo("e2");
        assertThat(rules.mayTrade()).isFalse();
    }

    @Test
    void anotherEngineReplacingAGoneOneIsReValidated() {
        OwnerRules rules = armed();
        OwnerRules.CheckEngine check = of(
                        rules.on(new OwnerRules.EngineSeen(engine("e2", true, true, false, "C", 1, "bot-q@e2")), T0),
                        OwnerRules.CheckEngine.class)
                .get(0);
        rules.on(new OwnerRules.EngineChecked(check, null), T0);
        assertThat(rules.state().validated()).isFalse();
        assertThat(rules.state().engine().engineId()).isEqualTo("e2");
        assertThat(of(rules.on(new OwnerRules.Tick(), T0), OwnerRules.Revalidate.class))
                .hasSize(1);
    }

    @Test
    void aClosedGateWhileArmedTriggersRecovery() {
        OwnerRules rules = armed();
        List<Effect> effects =
                rules.on(new OwnerRules.EngineSeen(engine("e1", true, true, false, "A", 1, QUEUE_E1)), T0);
        assertThat(rules.state().state()).isEqualTo(OwnerState.RECOVERING);
        assertThat(of(effects, OwnerRules.EnterC.class)).hasSize(1);
        assertThat(rules.nextDueAt()).isEqualTo(T0 + 5_000);
    }

    @Test
    void anOpenGateTheOwnerDidNotArmIsClosed() {
        OwnerRules rules = fresh();
        List<Effect> effects =
                rules.on(new OwnerRules.EngineSeen(engine("e1", true, true, true, "A", 1, QUEUE_E1)), T0);
        assertThat(of(effects, OwnerRules.EnterC.class))
                .singleElement()
                .satisfies(c -> assertThat(c.trigger()).isEqualTo("GATE_OPEN_UNEXPECTED"));
    }

    @Test
    void aRestartStormLatchesAndOnlyResumeReleasesIt() {
        OwnerRules rules = new OwnerRules(settings(true, null), armed().state());
        long t = T0;
        for (int i = 0; i < 4; i++) {
            t += 10_000;
            rules.on(
                    new OwnerRules.Connection(new ConnectionSignal(ConnectionSignal.Kind.CONNECTION_BROKEN, "", t, 1)),
                    t);
            rules.on(new OwnerRules.Tick(), rules.nextDueAt());
            rules.on(
                    new OwnerRules.Revalidated(engine("e1", true, true, false, "C", 10 + i, QUEUE_E1), null),
                    t + 6_000);
            if (rules.state().holds().isEmpty()) {
                rules.on(
                        new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "", "e1", 10 + i, QUEUE_E1)),
                        t + 6_000);
            }
        }
        assertThat(rules.state().holds()).containsExactly(Hold.STORM_LATCH);
        assertThat(rules.state().state()).isEqualTo(OwnerState.HELD);
        List<Effect> report =
                rules.on(new OwnerRules.StartupReported(report("e1", 20, QUEUE_E1, plan("A"))), t + 10_000);
        assertThat(of(report, OwnerRules.Arm.class))
                .as("a start does not undo the latch")
                .isEmpty();
        rules.on(new OwnerRules.OperatorResume(), t + 20_000);
        List<Effect> effects = rules.on(
                new OwnerRules.Revalidated(engine("e1", true, true, false, "C", 21, QUEUE_E1), null), t + 21_000);
        assertThat(rules.state().holds()).isEmpty();
        assertThat(of(effects, OwnerRules.Arm.class)).hasSize(1);
    }

    @Test
    void aDropInsideTheRestartWindowIsExpectedAndReArmsAfterIt() {
        RestartWindow window = RestartWindow.parse("14:55-15:10 UTC");
        OwnerRules rules = new OwnerRules(settings(false, window), armed().state());
        List<Effect> effects = rules.on(
                new OwnerRules.Connection(new ConnectionSignal(ConnectionSignal.Kind.SOCKET_CLOSED, "", T0, 1)), T0);
        assertThat(of(effects, OwnerRules.SendAlert.class))
                .singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(AlertSeverity.INFO));
        assertThat(rules.state().disconnectTimes()).isEmpty();
        assertThat(rules.nextDueAt())
                .isEqualTo(Instant.parse("2026-02-10T15:10:00Z").toEpochMilli());
        rules.on(new OwnerRules.Tick(), rules.nextDueAt());
        effects = rules.on(
                new OwnerRules.Revalidated(engine("e1", true, true, false, "C", 9, QUEUE_E1), null), rules.nextDueAt());
        assertThat(of(effects, OwnerRules.Arm.class))
                .as("AUTO_RESUME=false, but nightly: re-armed")
                .hasSize(1);
    }

    @Test
    void withoutAutoResumeADropWaitsForResumeOrANewStartup() {
        OwnerRules rules = armed();
        rules.on(new OwnerRules.Connection(new ConnectionSignal(ConnectionSignal.Kind.SOCKET_CLOSED, "", T0, 1)), T0);
        rules.on(new OwnerRules.Tick(), rules.nextDueAt());
        rules.on(new OwnerRules.Revalidated(engine("e1", true, true, false, "C", 3, QUEUE_E1), null), T0 + 6_000);
        assertThat(rules.state().holds()).containsExactly(Hold.AWAITING_RESUME);
        List<Effect> effects =
                rules.on(new OwnerRules.StartupReported(report("e1", 4, QUEUE_E1, plan("A"))), T0 + 9_000);
        assertThat(of(effects, OwnerRules.Arm.class)).hasSize(1);
    }

    @Test
    void aRejectedGameplanHoldsUntilAValidOne() {
        OwnerRules rules = fresh();
        List<Effect> effects = rules.on(
                new OwnerRules.StartupReported(
                        report("e1", 1, QUEUE_E1, GameplanCheck.rejected("date", "2026-02-09 is not today"))),
                T0);
        assertThat(rules.state().holds()).containsExactly(Hold.GAMEPLAN_REJECTED);
        assertThat(of(effects, OwnerRules.ReplyStartup.class)).singleElement().satisfies(r -> {
            assertThat(r.decision().decision()).isEqualTo(OwnerDecision.Decision.SAFE_C);
            assertThat(r.decision().reason()).contains("2026-02-09 is not today");
        });
        effects = rules.on(new OwnerRules.StartupReported(report("e1", 1, QUEUE_E1, plan("B"))), T0 + 1_000);
        assertThat(rules.state().holds()).isEmpty();
        assertThat(of(effects, OwnerRules.Arm.class)).hasSize(1);
    }

    @Test
    void aPlanTheEngineRefusesHoldsInStrategyC() {
        OwnerRules rules = fresh();
        rules.on(new OwnerRules.StartupReported(report("e1", 1, QUEUE_E1, plan("A"))), T0);
        List<Effect> effects = rules.on(new OwnerRules.ArmFailed("limits refused"), T0);
        assertThat(rules.state().holds()).containsExactly(Hold.GAMEPLAN_REJECTED);
        assertThat(of(effects, OwnerRules.EnterC.class)).hasSize(1);
        assertThat(of(effects, OwnerRules.ReplyStartup.class))
                .singleElement()
                .satisfies(r -> assertThat(r.decision().armed()).isFalse());
    }

    @Test
    void aDropWhileArmingWinsOverTheArm() {
        OwnerRules rules = fresh();
        rules.on(new OwnerRules.StartupReported(report("e1", 1, QUEUE_E1, plan("A"))), T0);
        rules.on(new OwnerRules.Connection(new ConnectionSignal(ConnectionSignal.Kind.SOCKET_CLOSED, "", T0, 1)), T0);
        List<Effect> effects =
                rules.on(new OwnerRules.Armed(new ModuleStatus(true, true, true, "A", "", "e1", 1, QUEUE_E1)), T0);
        assertThat(rules.mayTrade()).isFalse();
        assertThat(of(effects, OwnerRules.EnterC.class)).hasSize(1);
    }

    @Test
    void aDeadWorkerIsReportedOnceAndBlocksResume() {
        OwnerRules rules = armed();
        List<Effect> first = rules.on(new OwnerRules.EngineUnreachable("heartbeat timeout"), T0);
        List<Effect> second = rules.on(new OwnerRules.EngineUnreachable("heartbeat timeout"), T0 + 1);
        assertThat(of(first, OwnerRules.SendAlert.class)).hasSize(1);
        assertThat(second).isEmpty();
        assertThat(rules.resumeRefusal()).get().asString().contains("bot worker down");
    }

    @Test
    void theStateSurvivesTheJsonConverterOfContinueAsNew() {
        OwnerRules rules = armed();
        rules.on(new OwnerRules.OperatorForceC("FOMC"), T0);
        var converter = DefaultDataConverter.newDefaultInstance();
        OwnerRules.State copy = converter.fromPayload(
                converter.toPayload(rules.state()).orElseThrow(), OwnerRules.State.class, OwnerRules.State.class);
        assertThat(copy).isEqualTo(rules.state());
        assertThat(copy.state()).isNotEqualTo(OwnerState.ARMED);
        assertThat(GatewayState.valueOf(copy.lastGatewayState())).isEqualTo(GatewayState.READY);
    }
}
