package dev.safestart.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.safestart.tws.AccountReport.Execution;
import dev.safestart.tws.AccountReport.OpenOrder;
import dev.safestart.tws.AccountReport.OrderStatus;
import dev.safestart.tws.AccountReport.Position;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The account codec: what the simulator encodes, the client decodes to the same values at every server version
 * whose layout differs; and bad bytes (short messages, garbled fields, absurd counts) are a protocol error, on
 * the session a PROTOCOL_ERROR event, never an unchecked exception. Byte equality with IB's official client is
 * proven in gateway-sim's OfficialClientInteropTest.
 */
class AccountCodecTest {
    private static final Contract SPY = Contract.stock("SPY", "SMART", "USD").withConId(756733);
    private static final Position POSITION = new Position("DU1234567", SPY, new BigDecimal("-20.5"), 445.5);
    private static final OpenOrder ORDER = new OpenOrder(
            201,
            SPY,
            "BUY",
            new BigDecimal("10"),
            "LMT",
            440.0,
            null,
            "DAY",
            "DU1234567",
            "safestart",
            1,
            900000001L,
            0,
            "Submitted");
    private static final OrderStatus STATUS = new OrderStatus(
            201, "PreSubmitted", new BigDecimal("3"), new BigDecimal("7"), 441.5, 900000001L, 0, 441.5, 1, "", 0.0);
    private static final Execution EXECUTION = new Execution(
            42,
            150,
            SPY,
            "0000e000001.01.01",
            "20260202-09:31:00",
            "DU1234567",
            "SMART",
            "BOT",
            new BigDecimal("10"),
            444.1,
            900000002L,
            1,
            0,
            new BigDecimal("10"),
            444.1,
            "safestart");

    private static List<byte[]> samples(int version) {
        return List.of(
                AccountReports.encode(POSITION, version),
                AccountReports.encode(ORDER, version),
                AccountReports.encode(STATUS, version),
                AccountReports.encode(EXECUTION, version),
                AccountReports.encodePositionEnd(),
                AccountReports.encodeOpenOrderEnd(),
                AccountReports.encodeExecutionEnd(42));
    }

    private static AccountReport decode(byte[] frame, int version) throws TwsProtocolException {
        return AccountReports.decode(Message.parse(Arrays.copyOfRange(frame, 4, frame.length)), version)
                .orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(ints = {145, 176, 177, 178, 193, 195, 198, 200})
    void whatTheSimulatorEncodesTheClientDecodesToTheSameValues(int version) throws Exception {
        assertThat(decode(AccountReports.encode(POSITION, version), version)).isEqualTo(POSITION);
        assertThat(decode(AccountReports.encode(ORDER, version), version)).isEqualTo(ORDER);
        assertThat(decode(AccountReports.encode(STATUS, version), version)).isEqualTo(STATUS);
        assertThat(decode(AccountReports.encode(EXECUTION, version), version)).isEqualTo(EXECUTION);
        assertThat(decode(AccountReports.encodeExecutionEnd(42), version))
                .isEqualTo(new AccountReport.ExecutionEnd(42));
        assertThat(decode(AccountReports.encodePositionEnd(), version)).isInstanceOf(AccountReport.PositionEnd.class);
        assertThat(decode(AccountReports.encodeOpenOrderEnd(), version)).isInstanceOf(AccountReport.OpenOrderEnd.class);
    }

    @Test
    void openOrderWithComboLegsHedgeAndAlgoGroupsIsReadPastThemToItsStatus() throws Exception {
        // an order another client placed: the variable-length groups before the status must be walked, not guessed
        List<String> fields = new ArrayList<>(Frames.splitFields(payload(AccountReports.encode(ORDER, 200))));
        int legs = indexOfCounts(fields);
        assertThat(fields.subList(legs - 1, legs + 3))
                .containsExactly("", "0", "0", "0"); // descrip, legs, order legs, routing params
        fields.set(legs, "1");
        fields.addAll(legs + 1, List.of("1", "1", "BUY", "SMART", "0", "0", "", "-1"));
        byte[] frame = Frames.encodeFields(fields.toArray());
        assertThat(((OpenOrder) decode(frame, 200)).status()).isEqualTo("Submitted");
    }

    /** Index of the combo-leg count in an encoded openOrder at v200 (after comboLegsDescrip). */
    private static int indexOfCounts(List<String> fields) {
        // orderId + 11 contract + 15 order fields + 8 (+0 faProfile) + 23 + parentId + 3 + dnType + dnAux + 2 + 4 +
        // descrip
        return 1 + 1 + 11 + 13 + 8 + 23 + 1 + 3 + 1 + 1 + 2 + 4 + 1;
    }

    @Test
    void everyTruncationAndEveryGarbledFieldIsAProtocolErrorNeverAnUncheckedException() {
        Random random = new Random(11);
        String[] garbage = {"x", "-", "1e999999", "NaN?", "99999999999999999999", "\u00ff", " "};
        for (int version : new int[] {145, 177, 195, 200}) {
            for (byte[] frame : samples(version)) {
                List<String> fields = Frames.splitFields(payload(frame));
                for (int keep = 1; keep < fields.size(); keep++) {
                    decodeSafely(Frames.encodeFields(fields.subList(0, keep).toArray()), version);
                }
                for (int i = 1; i < fields.size(); i++) {
                    List<String> garbled = new ArrayList<>(fields);
                    garbled.set(i, garbage[random.nextInt(garbage.length)]);
                    decodeSafely(Frames.encodeFields(garbled.toArray()), version);
                }
            }
        }
    }

    @Test
    void absurdGroupCountsAndUnsupportedVersionsAreRefused() {
        List<String> fields = new ArrayList<>(Frames.splitFields(payload(AccountReports.encode(ORDER, 200))));
        fields.set(indexOfCounts(fields), "2000000000");
        assertThatThrownBy(() -> decode(Frames.encodeFields(fields.toArray()), 200))
                .isInstanceOf(TwsProtocolException.class)
                .hasMessageContaining("count");
        assertThatThrownBy(() -> decode(AccountReports.encode(POSITION, 200), 144))
                .isInstanceOf(TwsProtocolException.class);
        assertThatThrownBy(() -> AccountRequests.reqPositions(201)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersThatAreNeitherMarketNorSoundLimitsAreRefusedBeforeAnyByte() {
        assertThatThrownBy(() -> OrderRequest.limit(1, SPY, "BUY", BigDecimal.ONE, Double.NaN, "DU1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderRequest.limit(1, SPY, "BUY", BigDecimal.ONE, -1, "DU1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderRequest.market(1, SPY, "BUY", BigDecimal.ZERO, "DU1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderRequest.market(1, SPY, "SHORT", BigDecimal.ONE, "DU1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderRequest(1, SPY, "BUY", BigDecimal.ONE, "STP", null, "DAY", "", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void doublesAreWrittenAsPythonWritesThem() {
        assertThat(FieldWriter.formatDouble(450.25)).isEqualTo("450.25");
        assertThat(FieldWriter.formatDouble(100)).isEqualTo("100.0");
        assertThat(FieldWriter.formatDouble(0)).isEqualTo("0.0");
        assertThat(FieldWriter.formatDouble(1e16)).isEqualTo("1e+16");
        assertThat(FieldWriter.formatDouble(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(FieldWriter.formatDouble(12345678.5)).isEqualTo("12345678.5");
    }

    @Test
    void aMalformedAccountMessageOnTheSessionIsAProtocolErrorEventAndTheSessionCloses() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.negotiate(200);
            c.ready("DU1234567", 1);
            c.send(AccountReports.encode(POSITION, 200));
            c.sendFields(MessageIds.POSITION, 3, "DU1234567", "notAConId");
            c.drain();
        })) {
            BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
            SessionListener listener = new SessionListener() {
                @Override
                public void onConnectionEvent(ConnectionEvent event) {
                    seen.add(event.type());
                }

                @Override
                public void onAccountReport(AccountReport report) {
                    seen.add(report);
                }
            };
            try (TwsSession session = TwsSession.open(
                    server.request(1).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)), listener)) {
                assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(POSITION);
                assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(ConnectionEvent.Type.PROTOCOL_ERROR);
                assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(ConnectionEvent.Type.SOCKET_CLOSED);
                assertThat(session.isOpen()).isFalse();
            }
        }
    }

    private static void decodeSafely(byte[] frame, int version) {
        try {
            decode(frame, version);
        } catch (TwsProtocolException expected) {
            // the only acceptable failure
        } catch (RuntimeException e) {
            fail("unchecked " + e + " for " + Frames.splitFields(payload(frame)));
        }
    }

    private static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, 4, frame.length);
    }
}
