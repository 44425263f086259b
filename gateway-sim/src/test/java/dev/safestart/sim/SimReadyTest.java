package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The READY gateway as a raw-socket client sees it: negotiation, startApi, ids, time, end markers. */
class SimReadyTest {
    private GatewaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults()
                .withAccounts(List.of("DU1234567", "DU7654321"))
                .withFirstOrderId(1000));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void negotiatesTheHighestCommonVersionAndSendsConnectionTime() throws Exception {
        try (RawClient c = RawClient.connect(sim.port()).hello("v157..178")) {
            List<String> reply = c.read();
            assertThat(reply).hasSize(2);
            assertThat(reply.get(0)).isEqualTo("178");
            assertThat(reply.get(1)).matches("\\d{8} \\d{2}:\\d{2}:\\d{2} [A-Z]{3,4}");
        }
        try (RawClient c = RawClient.connect(sim.port()).hello("v100..210 +PACEAPI")) {
            assertThat(c.read().get(0)).isEqualTo("200");
        }
        try (RawClient c = RawClient.connect(sim.port()).hello("v150")) {
            assertThat(c.read().get(0)).isEqualTo("150");
        }
    }

    @Test
    void aClientWhoseRangeIsOutsideTheSimsIsClosed() throws Exception {
        try (RawClient c = RawClient.connect(sim.port()).hello("v201..250")) {
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (RawClient c = RawClient.connect(sim.port()).hello("v38..99")) {
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void startApiGetsAccountsThenIncreasingNextValidIdsAndFarmNotices() throws Exception {
        try (RawClient a = RawClient.connect(sim.port()).hello("v100..193");
                RawClient b = RawClient.connect(sim.port()).hello("v100..193")) {
            a.read();
            b.read();
            a.startApi(7);
            assertThat(a.read()).containsExactly("15", "1", "DU1234567,DU7654321");
            assertThat(a.read()).containsExactly("9", "1", "1000");
            List<String> farm = a.read();
            assertThat(farm.subList(0, 5))
                    .containsExactly("4", "2", "-1", "2104", "Market data farm connection is OK:usfarm");
            b.startApi(8);
            assertThat(b.readUntil("9")).containsExactly("9", "1", "1001");
            a.send(8, 1, 1);
            assertThat(a.readUntil("9")).containsExactly("9", "1", "1002");
            assertThat(sim.status().clientIds()).containsExactly(7, 8);
        }
    }

    @Test
    void answersCurrentTimeAndTheEndMarkersRealClientsWaitFor() throws Exception {
        try (RawClient c = RawClient.connect(sim.port()).hello("v157..178")) {
            c.read();
            c.startApi(1);
            c.readUntil("9");
            long before = Instant.now().getEpochSecond();
            c.send(49, 1);
            List<String> time = c.readUntil("49");
            assertThat(time).hasSize(3);
            assertThat(Long.parseLong(time.get(2)))
                    .isBetween(before - 1, Instant.now().getEpochSecond() + 1);

            c.send(61, 1);
            assertThat(c.readUntil("62")).containsExactly("62", "1");
            c.send(5, 1);
            assertThat(c.readUntil("53")).containsExactly("53", "1");
            c.send(99, "0");
            assertThat(c.readUntil("102")).containsExactly("102");
            c.send(6, 2, 1, "DU7654321");
            assertThat(c.readUntil("54")).containsExactly("54", "1", "DU7654321");
            c.send(76, 1, 42, "DU1234567", "", 1);
            assertThat(c.readUntil("74")).containsExactly("74", "1", "42");
            c.send(7, 3, 43, 0, "", "", "", "", "", "");
            assertThat(c.readUntil("55")).containsExactly("55", "1", "43");
            c.send(59, 1, 3); // reqMarketDataType: no answer expected, session must go on
            c.send(49, 1);
            assertThat(c.readUntil("49")).hasSize(3);
        }
    }

    @Test
    void aDuplicateClientIdGets326ThenClose() throws Exception {
        try (RawClient first = RawClient.connect(sim.port()).hello("v100..193");
                RawClient second = RawClient.connect(sim.port()).hello("v100..193")) {
            first.read();
            first.startApi(5);
            first.readUntil("9");
            second.read();
            second.startApi(5);
            List<String> error = second.read();
            assertThat(error.subList(0, 4)).containsExactly("4", "2", "-1", "326");
            assertThat(error).hasSize(6); // 193 carries advancedOrderRejectJson
            assertThat(second.closedWithin(Duration.ofSeconds(10))).isTrue();
            // the first session is untouched
            first.send(49, 1);
            assertThat(first.readUntil("49")).hasSize(3);
            assertThat(sim.status().clientIds()).containsExactly(5);
        }
    }

    @Test
    void closedSessionsFreeTheirClientId() throws Exception {
        try (RawClient first = RawClient.connect(sim.port()).hello("v100..193")) {
            first.read();
            first.startApi(5);
            first.readUntil("9");
        }
        awaitSessions(0);
        try (RawClient again = RawClient.connect(sim.port()).hello("v100..193")) {
            again.read();
            again.startApi(5);
            assertThat(again.readUntil("9").get(0)).isEqualTo("9");
        }
    }

    @Test
    void refusesTheClientOverTheMaximum() throws Exception {
        sim.close();
        sim = GatewaySimulator.start(SimConfig.defaults().withMaxClients(2));
        try (RawClient a = RawClient.connect(sim.port()).hello("v100..193");
                RawClient b = RawClient.connect(sim.port()).hello("v100..193");
                RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
            for (RawClient x : List.of(a, b, c)) {
                x.read();
            }
            a.startApi(1);
            a.readUntil("9");
            b.startApi(2);
            b.readUntil("9");
            c.startApi(3);
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void badClientBytesEndOnlyThatSession() throws Exception {
        try (RawClient junk = RawClient.connect(sim.port())) {
            junk.sendRaw("GET / HTTP/1.1\r\n\r\n".getBytes());
            assertThat(junk.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (RawClient junk = RawClient.connect(sim.port()).hello("hello")) {
            assertThat(junk.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (RawClient junk = RawClient.connect(sim.port()).hello("v100..193")) {
            junk.read();
            junk.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertThat(junk.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (RawClient junk = RawClient.connect(sim.port()).hello("v100..193")) {
            junk.read();
            junk.send("abc", "def");
            assertThat(junk.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (RawClient fine = RawClient.connect(sim.port()).hello("v100..193")) {
            fine.read();
            fine.startApi(1);
            assertThat(fine.readUntil("9").get(0)).isEqualTo("9");
        }
    }

    @Test
    void anUnfinishedHandshakeTimesOut() throws Exception {
        sim.close();
        sim = GatewaySimulator.start(SimConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300)));
        try (RawClient slow = RawClient.connect(sim.port())) {
            slow.sendRaw(new byte[] {'A', 'P'});
            assertThat(slow.closedWithin(Duration.ofSeconds(3))).isTrue();
        }
        awaitSessions(0);
    }

    private void awaitSessions(int count) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(sim.status().sessions()).hasSize(count));
    }

    static Map<String, String> params(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
